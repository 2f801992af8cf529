import { Field, InputType } from 'type-graphql';
import type { IvrCall } from './ivr-call.type';

@InputType({
  description:
    '10-digit Indian mobile numbers; +91 / 91 / 0 prefixes are accepted and normalised away.',
})
export class ClickToCallInput implements Partial<IvrCall> {
  @Field(() => String)
  customerNumber!: string;

  @Field(() => String)
  agentNumber!: string;

  @Field(() => String, { nullable: true, description: 'Defaults to the name in the agents table.' })
  agentName?: string | null;
}

@InputType()
export class OutboundCallInput implements Partial<IvrCall> {
  @Field(() => String)
  customerNumber!: string;

  @Field(() => String, { description: 'Kaleyra sound file (123.sound) or IVR (ivr:1234).' })
  play!: string;

  @Field(() => String, { nullable: true })
  campaign?: string | null;
}
