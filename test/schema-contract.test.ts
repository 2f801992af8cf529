import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema as buildSdl, findBreakingChanges } from 'graphql';
import { buildAppSchema, printAppSchema } from '../src/schema/build-schema';

const root = path.resolve(__dirname, '..');

describe('the GraphQL schema', () => {
  it('contains the public contract (contract/api-contract.graphql) without breaking changes', async () => {
    const contract = buildSdl(
      readFileSync(path.join(root, 'contract', 'api-contract.graphql'), 'utf8'),
    );
    const ours = await buildAppSchema();
    expect(findBreakingChanges(contract, ours)).toEqual([]);
  });

  it('is committed as schema.graphql exactly as the code emits it (run `npm run schema`)', async () => {
    const committed = readFileSync(path.join(root, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });
});
