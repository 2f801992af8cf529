import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../../src/paths';

const DIR = path.join(projectRoot(), 'test', 'sql');

/**
 * Loads test/sql/*.sql: plain reference SQL that tests and benchmarks check the optimised
 * production functions against. Never part of db/ (production).
 */
export async function loadReferenceSql(pool: pg.Pool): Promise<void> {
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    await pool.query(readFileSync(path.join(DIR, file), 'utf8'));
  }
}
