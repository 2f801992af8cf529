import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema as buildSdl, findBreakingChanges } from 'graphql';
import { buildAppSchema, printAppSchema } from '../src/schema/build-schema';

const root = path.resolve(__dirname, '..');

describe('the GraphQL schema', () => {
  const contract = buildSdl(
    readFileSync(path.join(root, 'contract', 'api-contract.graphql'), 'utf8'),
  );

  it('contains the public contract (contract/api-contract.graphql) without breaking changes', async () => {
    expect(findBreakingChanges(contract, await buildAppSchema())).toEqual([]);
  });

  it('delivers every field issue 13 adds: missed-call recovery, heatmap, breakdowns, callers', async () => {
    const ours = await buildAppSchema();
    expect(Object.keys(ours.getQueryType()!.getFields())).toEqual(
      expect.arrayContaining([
        'missedCallers',
        'recoverySummary',
        'callHeatmap',
        'callBreakdown',
        'callerSummary',
      ]),
    );
    expect(Object.keys(ours.getTypeMap())).toEqual(
      expect.arrayContaining([
        'RecoveryState',
        'RecoveryKind',
        'MissedCaller',
        'MissedCallerPage',
        'RecoverySummary',
        'HeatmapCell',
        'BreakdownDimension',
        'BreakdownRow',
        'CallerSummary',
      ]),
    );
  });

  it('delivers every field issue 12 adds: customer calls, service level, the new AgentStats fields', async () => {
    const ours = await buildAppSchema();
    const query = ours.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(
      expect.arrayContaining(['customerCalls', 'customerCall', 'serviceLevel']),
    );
    expect(Object.keys(ours.getTypeMap())).toEqual(
      expect.arrayContaining([
        'CallOutcome',
        'CustomerCall',
        'CustomerCallFilter',
        'CustomerCallPage',
        'OutcomeCount',
        'ServiceLevel',
      ]),
    );
    const agentStats = ours.getType('AgentStats') as import('graphql').GraphQLObjectType;
    expect(Object.keys(agentStats.getFields())).toEqual(
      expect.arrayContaining([
        'offered',
        'answerRatePercent',
        'averageTalkSeconds',
        'missedCallsLost',
      ]),
    );
    const overview = ours.getType('DashboardOverview') as import('graphql').GraphQLObjectType;
    expect(Object.keys(overview.getFields())).toContain('serviceLevel');
  });

  it('is committed as schema.graphql exactly as the code emits it (run `npm run schema`)', async () => {
    const committed = readFileSync(path.join(root, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });
});
