import { ObjectType } from 'type-graphql';
import { MissedCaller } from './missed-caller.type';
import { PageOf } from './page.type';

@ObjectType({
  simpleResolvers: true,
  description:
    'firstMissedAt desc, then customerNumber asc (then the normalised number, so that pages never overlap).',
})
export class MissedCallerPage extends PageOf(MissedCaller) {}
