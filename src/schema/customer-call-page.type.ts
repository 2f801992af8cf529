import { ObjectType } from 'type-graphql';
import { CustomerCall } from './customer-call.type';
import { PageOf } from './page.type';

@ObjectType({ simpleResolvers: true, description: 'Newest first (startTime desc, then id desc).' })
export class CustomerCallPage extends PageOf(CustomerCall) {}
