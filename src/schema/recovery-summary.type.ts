import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ResolvedRange } from './resolved-range.type';

@ObjectType({
  simpleResolvers: true,
  description:
    'episodes = MissedCaller episodes whose first missed call is in the range;\n' +
    'recoveredWithin = those recovered with secondsToRecovery <= withinHours * 3600;\n' +
    'recoveryRatePercent = 100 * recoveredWithin / episodes (2 decimals, null when 0);\n' +
    'medianSecondsToRecovery = percentile_disc(0.5) of secondsToRecovery over the recovered ' +
    'episodes among them (whatever withinHours is; with an even count, the lower middle value; ' +
    'null when none was recovered).\n' +
    'recovered counts every recovered episode, up to now; open = episodes - recovered.',
})
export class RecoverySummary {
  @Field(() => ResolvedRange)
  range!: ResolvedRange;

  @Field(() => Int)
  withinHours!: number;

  @Field(() => Int)
  episodes!: number;

  @Field(() => Int)
  recovered!: number;

  @Field(() => Int)
  recoveredWithin!: number;

  @Field(() => Int)
  open!: number;

  @Field(() => Float, { nullable: true })
  recoveryRatePercent?: number | null;

  @Field(() => Int, { nullable: true })
  medianSecondsToRecovery?: number | null;
}
