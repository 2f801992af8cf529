import { Field, InputType, registerEnumType } from 'type-graphql';
import { RangePreset } from '../domain/date-range';
import { DateScalar } from './scalars';

export { RangePreset };

registerEnumType(RangePreset, {
  name: 'RangePreset',
  valuesConfig: {
    TODAY: { description: 'The IST calendar day that contains now.' },
    LAST_7_DAYS: { description: 'Today and the 6 IST days before it (7 days).' },
    LAST_30_DAYS: { description: 'Today and the 29 IST days before it (30 days).' },
    CUSTOM: { description: 'startDate..endDate inclusive; both required.' },
  },
});

@InputType()
export class DateRangeInput {
  @Field(() => RangePreset, { defaultValue: RangePreset.TODAY })
  preset!: RangePreset;

  @Field(() => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate?: string | null;
}
