import { ObjectType } from 'type-graphql';
import { CallLog } from './call-log.type';
import { PageOf } from './page.type';

@ObjectType({ simpleResolvers: true, description: 'Newest first (startTime desc, then id desc).' })
export class CallListPage extends PageOf(CallLog) {}
