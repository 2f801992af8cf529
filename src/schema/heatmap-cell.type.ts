import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description:
    'Customer calls whose Incoming leg started in this IST weekday and hour, over the range ' +
    "(the server's and the database session's time zones play no part).",
})
export class HeatmapCell {
  @Field(() => Int, { description: 'ISO weekday in IST: 1 = Monday .. 7 = Sunday.' })
  weekday!: number;

  @Field(() => Int, { description: 'IST hour 0..23.' })
  hour!: number;

  @Field(() => Int, { description: 'Customer calls offered.' })
  offered!: number;

  @Field(() => Int, { description: 'Of those, customer calls answered (outcome ANSWERED).' })
  answered!: number;
}
