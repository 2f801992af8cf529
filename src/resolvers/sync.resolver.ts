import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../context/context.type';
import { SyncCallLogsInput } from '../schema/sync.input';
import { SyncResult } from '../schema/sync-result.type';
import { SyncStatus } from '../schema/sync-status.type';

@Resolver()
export class SyncResolver {
  @Authorized('admin')
  @Mutation(() => SyncResult, {
    description: "Fetches Kaleyra's call log for the IST days and upserts it. Admin role.",
  })
  syncCallLogs(
    @Arg('input', () => SyncCallLogsInput, { nullable: true }) input: SyncCallLogsInput | null,
    @Ctx() ctx: Context,
  ): Promise<SyncResult> {
    return ctx.dataSources.sync.run(input ?? {});
  }

  @Authorized()
  @Query(() => SyncStatus, { description: 'The last completed sync, whoever started it.' })
  async syncStatus(@Ctx() ctx: Context): Promise<SyncStatus> {
    const last = await ctx.dataSources.db.lastSync();
    return { lastCompletedAt: last?.completedAt ?? null, lastCompletedDay: last?.day ?? null };
  }
}
