import { readFileSync } from 'node:fs';
import { dumpMigratedSchema, SNAPSHOT } from '../scripts/db-schema';
import { describeWithTools } from './helpers/external-tools';

// db/schema.sql is committed like schema.graphql: this fails when the migrations or db/functions
// change and the snapshot was not regenerated (npm run db:schema). It needs Debian's PostgreSQL 15
// (pg_dump refuses newer servers); .ci/run installs it, and there a missing one fails the suite.
describeWithTools(['postgresql-15'], 'db/schema.sql snapshot', () => {
  it('equals pg_dump --schema-only of a freshly migrated database', async () => {
    const dump = await dumpMigratedSchema();
    const committed = readFileSync(SNAPSHOT(), 'utf8');
    if (dump !== committed) {
      throw new Error('db/schema.sql is out of date: run `npm run db:schema` and commit it');
    }
    // It is the real thing: every function file's functions and every table are in it.
    expect(committed).toMatch(/CREATE FUNCTION public\.get_kaleyra_call_list\(/);
    expect(committed).toMatch(/CREATE TABLE public\.kaleyra_call_logs \(/);
    expect(committed).not.toMatch(/kaleyra_call_matches/);
  });
});
