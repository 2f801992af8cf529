import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context.type';
import type { AgentStatsRow } from '../datasources/database/dashboard.rows';
import { requirePhone } from '../domain/phone';
import { badInput } from '../errors/bad-input';
import { UpsertAgentInput } from '../schema/agent.input';
import { Agent } from '../schema/agent.type';
import { AgentStats } from '../schema/agent-stats.type';

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized()
  @Query(() => [Agent], { description: 'Agents by name; inactive ones too unless activeOnly.' })
  agents(
    @Arg('activeOnly', () => Boolean, { defaultValue: false }) activeOnly: boolean,
    @Ctx() ctx: Context,
  ) {
    return ctx.dataSources.db.listAgents({ activeOnly });
  }

  @Authorized('admin')
  @Mutation(() => Agent, { description: 'Creates or renames an agent. Admin role.' })
  upsertAgent(@Arg('input', () => UpsertAgentInput) input: UpsertAgentInput, @Ctx() ctx: Context) {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw badInput('input.name', 'must be 1..200 characters');
    return ctx.dataSources.db.upsertAgent({
      agentNumber: requirePhone('input.agentNumber', input.agentNumber),
      name,
      active: input.active,
    });
  }
}

@Resolver(() => AgentStats)
export class AgentStatsResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: "The agent's name, when the agents table knows the number.",
  })
  async agentName(@Root() stats: AgentStatsRow, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.loaders.agentByNumber.load(stats.agentNumber))?.name ?? null;
  }
}
