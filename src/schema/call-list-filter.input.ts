import { Field, InputType } from 'type-graphql';
import { CallService } from './call-service.enum';

@InputType()
export class CallListFilter {
  @Field(() => CallService, { nullable: true })
  service?: CallService | null;

  @Field(() => String, {
    nullable: true,
    description: "A leg's callto for CallForward legs, callfrom for Click2Call legs.",
  })
  agentNumber?: string | null;

  @Field(() => String, { nullable: true })
  status?: string | null;
}
