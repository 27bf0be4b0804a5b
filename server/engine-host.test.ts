import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SimEngine } from '../runtime/sim-engine.ts';
import { istToMs } from '../runtime/time.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/database.ts';
import { EngineHost } from './engine-host.ts';
import { parseEnv } from './env.ts';

async function hostOn(dataDir: string) {
  const database = await openDatabase(dataDir);
  const log = pino({ level: 'silent' });
  const engine = new EngineHost(new SimEngine({ startMs: istToMs('2026-11-25', '10:00'), seed: 1 }), database.sqlite, database.writer, log);
  const ctx: AppContext = { db: database.db, sqlite: database.sqlite, env: parseEnv({}), log, engine };
  return { ctx, engine, database };
}

describe('engine host across a restart', () => {
  it('the SIM market continues from its last levels instead of jumping back to the reference', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'legflow-host-'));
    const first = await hostOn(dataDir);
    const reference = first.engine.sim.market.spot('NIFTY');
    first.engine.sim.market.setSpot('NIFTY', 24_123.45);
    const stop = first.engine.startTickEvents(10);
    await new Promise((r) => setTimeout(r, 60));
    stop();
    await first.engine.store.flush();
    await first.database.close();

    const second = await hostOn(dataDir);
    expect(second.engine.sim.market.spot('NIFTY')).toBe(reference);
    await second.engine.restore(second.ctx);
    expect(second.engine.sim.market.spot('NIFTY')).toBe(24_123.45);
    await second.database.close();
  });
});
