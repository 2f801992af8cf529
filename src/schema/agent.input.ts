import { Field, InputType } from 'type-graphql';
import type { Agent } from './agent.type';

@InputType()
export class UpsertAgentInput implements Partial<Agent> {
  @Field(() => String, {
    description: '10-digit mobile number; +91 / 91 / 0 prefixes are normalised away.',
  })
  agentNumber!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { defaultValue: true })
  active!: boolean;
}
