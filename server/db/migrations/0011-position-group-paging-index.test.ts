import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type OpenDatabase } from '../database.ts';
import { SqliteTradingRecords } from '../sqlite-trading-records.ts';

let database: OpenDatabase;
beforeEach(async () => {
  database = await openDatabase(':memory:');
});
afterEach(async () => database.close());

/** SQLite's plan for each query the history pages of position groups run (both pages: the first and a later one). */
async function pagingPlans(): Promise<string[]> {
  const { sqlite } = database;
  const prepare = sqlite.prepare.bind(sqlite);
  const spy = vi.spyOn(sqlite, 'prepare');
  const store = new SqliteTradingRecords(sqlite, database.writer);
  await store.groupKeys('d1', null, 20);
  await store.groupKeys('d1', { createdAt: 1_000, id: 'g_abc' }, 20);
  const queries = spy.mock.calls.map(([text]) => text);
  spy.mockRestore();
  expect(queries).toHaveLength(2);
  const params = { deploymentId: 'd1', limit: 20, createdAt: 1_000, idLength: 5, id: 'g_abc' };
  return queries.map((text) => {
    const named = Object.fromEntries(Object.entries(params).filter(([name]) => text.includes(`@${name}`)));
    const rows = prepare(`EXPLAIN QUERY PLAN ${text}`).all(named) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join(' | ');
  });
}

describe('migration 0011: the position-group paging index', () => {
  it('serves every history page from the index, in page order, with no sort', async () => {
    for (const plan of await pagingPlans()) {
      expect(plan).toContain('USING COVERING INDEX position_groups_deployment_created');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
