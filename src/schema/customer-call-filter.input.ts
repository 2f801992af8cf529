import { Field, InputType } from 'type-graphql';
import { CallOutcome } from './call-outcome.enum';

@InputType()
export class CustomerCallFilter {
  @Field(() => CallOutcome, { nullable: true })
  outcome?: CallOutcome | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Calls from this number (normalised like ClickToCallInput: +91 / 91 / 0 prefixes, spaces ' +
      'and dashes are ignored; a number that is not 10 digits then is refused).',
  })
  customerNumber?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Calls answered by this agent (implies outcome ANSWERED).',
  })
  answeredBy?: string | null;
}
