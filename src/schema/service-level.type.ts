import { Field, Float, Int, ObjectType } from 'type-graphql';
import { OutcomeCount } from './outcome-count.type';
import { ResolvedRange } from './resolved-range.type';

@ObjectType({
  simpleResolvers: true,
  description:
    'offered = customer calls in the range; missed = offered - answered;\n' +
    "shortAbandoned = missed calls whose Incoming leg's duration (null = 0) < shortAbandonSeconds;\n" +
    'serviceLevelPercent = 100 * answeredWithin / (offered - shortAbandoned);\n' +
    'answerRatePercent = 100 * answered / offered.\n' +
    'Percentages and averages are rounded to 2 decimals (half away from zero, as Postgres ' +
    'round(numeric, 2)) and null when their denominator is 0.',
})
export class ServiceLevel {
  @Field(() => ResolvedRange)
  range!: ResolvedRange;

  @Field(() => Int)
  answerWithinSeconds!: number;

  @Field(() => Int)
  shortAbandonSeconds!: number;

  @Field(() => Int)
  offered!: number;

  @Field(() => Int)
  answered!: number;

  @Field(() => Int, { description: 'Answered with secondsToAnswer <= answerWithinSeconds.' })
  answeredWithin!: number;

  @Field(() => Int)
  missed!: number;

  @Field(() => Int)
  shortAbandoned!: number;

  @Field(() => Float, { nullable: true })
  serviceLevelPercent?: number | null;

  @Field(() => Float, { nullable: true })
  answerRatePercent?: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean secondsToAnswer over answered calls.' })
  averageSecondsToAnswer?: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean talkSeconds over answered calls.' })
  averageTalkSeconds?: number | null;

  @Field(() => [OutcomeCount], {
    description: "All four outcomes, zeros included, in the enum's order.",
  })
  byOutcome!: OutcomeCount[];

  @Field(() => Int, {
    description: 'CallForward legs starting in the range that belong to no customer call.',
  })
  unlinkedForwardLegs!: number;

  @Field(() => String, {
    description:
      "The formulas above in words, with this answer's numbers, for people who ask why a number is what it is.",
  })
  formula!: string;
}
