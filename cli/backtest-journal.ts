import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Signal } from '../runtime/signal.ts';
import { addDays, istToMs } from '../runtime/time.ts';
import { journaledSignals } from '../server/backtests/journaled-signals.ts';
import { openSqliteStorage } from '../server/db/sqlite-storage.ts';
import { CliError } from './cli-error.ts';
import { serverSettings } from './server-settings.ts';

/** What `--journal` read: the signals to replay and where they came from, for --json. */
export interface JournalReplay {
  signals: Signal[];
  source: { deploymentId: string; signals: number; engineMade: number };
}

/**
 * The signals a deployment really received over the range, read from the journal of a Legflow data folder
 * (`--store`, default $LEGFLOW_DATA or ./data): "last month's real alerts, with the graph changed".
 */
export async function readJournal(
  deploymentId: string,
  store: string | undefined,
  range: { from: string; to: string },
  env: NodeJS.ProcessEnv,
): Promise<JournalReplay> {
  const dataDir = store ?? env.LEGFLOW_DATA ?? './data';
  if (!existsSync(join(dataDir, 'legflow.db')))
    throw new CliError(`there is no Legflow database in ${dataDir}: pass the server's data folder with --store <dir>`);
  const storage = await openSqliteStorage(dataDir, { durability: serverSettings(env).LEGFLOW_DURABILITY, writer: 'inline' });
  try {
    const known = await storage.db.selectFrom('deployments').select('id').where('id', '=', deploymentId).executeTakeFirst();
    if (known === undefined)
      throw new CliError(`there is no deployment "${deploymentId}" in ${dataDir}: "legflow" deployments are listed on the server's Deployments page`);
    const read = await journaledSignals(storage, deploymentId, { fromMs: istToMs(range.from), toMs: istToMs(addDays(range.to, 1)) });
    return { signals: read.signals, source: { deploymentId, signals: read.signals.length, engineMade: read.engineMade } };
  } finally {
    await storage.close();
  }
}
