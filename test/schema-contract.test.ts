import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema as buildSdl, findBreakingChanges } from 'graphql';
import { buildAppSchema, printAppSchema } from '../src/schema/build-schema';

const root = path.resolve(__dirname, '..');

/**
 * Parts of the v2 contract that issue 13 (missed-call recovery, heatmap, breakdowns, callers)
 * delivers, on top of issue 12's customer calls. Until then the schema lacks exactly these; no
 * placeholder resolver stands in for them. Remove an entry when it ships: the second test fails
 * as soon as the schema has one that is still listed here.
 */
const PENDING_ISSUE_13 = {
  queryFields: [
    'missedCallers',
    'recoverySummary',
    'callHeatmap',
    'callBreakdown',
    'callerSummary',
  ],
  types: [
    'RecoveryState',
    'RecoveryKind',
    'MissedCaller',
    'MissedCallerPage',
    'RecoverySummary',
    'HeatmapCell',
    'BreakdownDimension',
    'BreakdownRow',
    'CallerSummary',
  ],
};
const pendingChanges = [
  ...PENDING_ISSUE_13.queryFields.map((f) => `Query.${f} was removed.`),
  ...PENDING_ISSUE_13.types.map((t) => `${t} was removed.`),
].sort();

describe('the GraphQL schema', () => {
  const contract = buildSdl(
    readFileSync(path.join(root, 'contract', 'api-contract.graphql'), 'utf8'),
  );

  it('contains the public contract (contract/api-contract.graphql) without breaking changes, but for the parts pending issue 13', async () => {
    const changes = findBreakingChanges(contract, await buildAppSchema());
    expect(changes.filter((c) => !pendingChanges.includes(c.description))).toEqual([]);
  });

  it('lacks exactly the parts of the contract pending issue 13 (drop one from the list once it ships)', async () => {
    const changes = findBreakingChanges(contract, await buildAppSchema());
    expect(changes.map((c) => c.description).sort()).toEqual(pendingChanges);
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
