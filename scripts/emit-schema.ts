import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printAppSchema } from '../src/schema/build-schema';
import { projectRoot } from '../src/paths';

// npm run schema: writes schema.graphql from the type-graphql classes.
void (async () => {
  const file = path.join(projectRoot(), 'schema.graphql');
  writeFileSync(file, printAppSchema(await buildAppSchema()));
  console.log(`wrote ${file}`);
})();
