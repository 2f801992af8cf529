import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../context/context.type';
import { maskNumber } from '../domain/phone';
import { isUuid } from '../domain/formats';
import { badInput } from '../errors/bad-input';
import { IvrCall } from '../schema/ivr-call.type';
import { ClickToCallInput, OutboundCallInput } from '../schema/live-call.input';

@Resolver(() => IvrCall)
export class LiveCallResolver {
  @Authorized('agent')
  @Mutation(() => IvrCall, {
    description:
      'Rings the agent, then bridges the customer (Kaleyra dial.click2call). Agent role.',
  })
  clickToCall(@Arg('input', () => ClickToCallInput) input: ClickToCallInput, @Ctx() ctx: Context) {
    return ctx.dataSources.liveCalls.clickToCall(input, ctx.user);
  }

  @Authorized('admin')
  @Mutation(() => IvrCall, {
    description:
      'Calls the customer and plays a sound file or IVR (Kaleyra voice.call). Admin role.',
  })
  outboundCall(
    @Arg('input', () => OutboundCallInput) input: OutboundCallInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.dataSources.liveCalls.outboundCall(input, ctx.user);
  }

  @Authorized()
  @Query(() => IvrCall, { nullable: true, description: 'A call this server started, by our id.' })
  ivrCall(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    if (!isUuid(id)) throw badInput('id', 'is not an ivr call id');
    return ctx.dataSources.db.ivrCallById(id);
  }

  @FieldResolver(() => String, { description: 'Masked for roles in MASK_NUMBERS_FOR.' })
  customerNumber(@Root() call: IvrCall, @Ctx() ctx: Context): string {
    return ctx.maskNumbers ? maskNumber(call.customerNumber) : call.customerNumber;
  }
}
