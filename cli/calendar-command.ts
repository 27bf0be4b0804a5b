import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { calendarFileSchema, mergeCalendars, type CalendarFile, type ExchangeCalendar } from '../runtime/market/calendar-file.ts';
import { layCalendar, readUserCalendar, userCalendarPath } from '../runtime/market/calendar-source.ts';
import { parseDataFile } from '../runtime/market/data-file.ts';
import { checkYearList, parseHolidayList } from '../runtime/market/holiday-list.ts';
import { MarketError } from '../runtime/market/market-error.ts';
import { CliError } from './cli-error.ts';
import { readTextFile } from './load.ts';
import type { CommandIO } from './validate-command.ts';

const USAGE = `usage: legflow calendar show [--json] [--data <dir>]
       legflow calendar load <file> [--exchange NSE|BSE] [--year <yyyy>] [--source <text>] [--data <dir>]`;

const USER_FILE_COMMENT =
  'Holidays loaded with `legflow calendar load`, laid over the calendar Legflow ships (runtime/data/holidays.json): ' +
  'each year an exchange lists here replaces that year of the shipped list. See docs/calendar.md.';

/** `legflow calendar show|load`: what the calendar covers, and loading an exchange's published list into $LEGFLOW_DATA. */
export function calendarCommand(argv: string[], io: CommandIO, env: NodeJS.ProcessEnv): number {
  const [sub, ...rest] = argv;
  const { positionals, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, data: { type: 'string' }, exchange: { type: 'string' }, year: { type: 'string' }, source: { type: 'string' } },
  });
  const dataDir = values.data ?? env.LEGFLOW_DATA ?? './data';
  if (sub === 'show' && positionals.length === 0) return show(dataDir, values.json === true, io);
  if (sub === 'load' && positionals.length === 1) return load(positionals[0]!, dataDir, values, io);
  throw new CliError(USAGE, 2);
}

function show(dataDir: string, json: boolean, io: CommandIO): number {
  const overlay = userFile(dataDir);
  const calendar = new TradingCalendar(layCalendar(overlay, userCalendarPath(dataDir)));
  if (json) {
    const exchanges = calendar.exchanges.map((e) => ({ ...calendar.coverage(e), holidays: calendar.holidays(e) }));
    io.out(JSON.stringify({ userFile: overlay ? userCalendarPath(dataDir) : null, exchanges }, null, 2));
    return 0;
  }
  io.out(`Holiday calendar: the shipped list${overlay ? `, with ${userCalendarPath(dataDir)} laid over it` : ` (no ${userCalendarPath(dataDir)})`}`);
  for (const exchange of calendar.exchanges) {
    const { from, through, years } = calendar.coverage(exchange);
    io.out(`${exchange}: ${from} to ${through}`);
    for (const y of years) {
      io.out(`  ${y.year}  ${y.status.padEnd(11)}  ${String(y.holidays).padStart(2)} holidays  ${y.source}`);
      if (y.note) io.out(`        ${y.note}`);
    }
  }
  return 0;
}

interface LoadOptions {
  exchange?: string;
  year?: string;
  source?: string;
}

function load(file: string, dataDir: string, options: LoadOptions, io: CommandIO): number {
  const year = options.year === undefined ? undefined : Number(options.year);
  if (year !== undefined && !(Number.isInteger(year) && /^\d{4}$/.test(options.year!)))
    throw new CliError(`--year must be a year such as 2027; got "${options.year}"`, 2);
  const exchange = options.exchange?.toUpperCase();
  if (exchange !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(exchange))
    throw new CliError(`--exchange must be an exchange name such as NSE or BSE; got "${options.exchange}"`, 2);
  const text = readTextFile(file, 'holiday list');
  const loaded = failClearly(() => readList(text, file, { exchange, year, source: options.source }), NOTHING_WRITTEN);

  const path = userCalendarPath(dataDir);
  const overlay = userFile(dataDir, NOTHING_WRITTEN);
  const next = mergeCalendars(overlay ?? { exchanges: {} }, loaded);
  const before = new TradingCalendar(layCalendar(overlay, path));
  // Checked whole before anything is written: on its own and laid over the shipped calendar.
  const after = failClearly(() => new TradingCalendar(layCalendar(parseDataFile(calendarFileSchema, next, path), path)), NOTHING_WRITTEN);

  mkdirSync(dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const { $comment = USER_FILE_COMMENT, ...calendar } = next;
  writeFileSync(temp, `${JSON.stringify({ $comment, ...calendar }, null, 2)}\n`);
  renameSync(temp, path); // a reader sees the old file or the new one, never half of one

  for (const [name, ex] of Object.entries(loaded.exchanges)) {
    for (const [y, entry] of Object.entries(ex.years)) {
      const was = before.exchanges.includes(name) ? before.coverage(name).years.find((c) => String(c.year) === y) : undefined;
      const count = ex.holidays.filter((h) => h.date.startsWith(y)).length;
      const previously = was ? `was ${was.status} with ${was.holidays} holiday${was.holidays === 1 ? '' : 's'}` : 'not covered before';
      io.out(`${name} ${y}: ${count} holiday${count === 1 ? '' : 's'} from ${basename(file)}, now ${entry.status} (${previously}).`);
    }
    io.out(`${name} now covers ${after.coverage(name).from} to ${after.coverage(name).through}.`);
  }
  io.out(`Wrote ${path}. Restart the server to use it.`);
  return 0;
}

/** The loaded list as a holidays file of its own: one exchange's year marked published, or the years a holidays file gives. */
function readList(text: string, file: string, o: { exchange: string | undefined; year: number | undefined; source: string | undefined }): CalendarFile {
  const json = ownShape(text);
  if (json) return selectFrom(parseDataFile(calendarFileSchema, json, file), o.exchange, o.year);
  if (o.exchange === undefined) throw new CliError('say whose list this is: --exchange NSE or --exchange BSE', 2);
  const holidays = parseHolidayList(text);
  const year = checkYearList(holidays, o.year);
  const source = o.source ?? `${o.exchange}'s published list, loaded from ${basename(file)}`;
  return { exchanges: { [o.exchange]: { years: { [year]: { status: 'published', source } }, holidays } } };
}

/** A file already in Legflow's holidays shape (it has "exchanges"), or undefined for a published list. */
function ownShape(text: string): unknown {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && 'exchanges' in value ? value : undefined;
  } catch {
    return undefined; // not JSON: the list parser says what is wrong with it
  }
}

function selectFrom(file: CalendarFile, exchange: string | undefined, year: number | undefined): CalendarFile {
  const names = exchange === undefined ? Object.keys(file.exchanges) : [exchange];
  const exchanges: Record<string, ExchangeCalendar> = {};
  for (const name of names) {
    const ex = file.exchanges[name];
    if (!ex) throw new CliError(`the file has no ${name} calendar (it has ${Object.keys(file.exchanges).join(', ')})`);
    if (year === undefined) {
      exchanges[name] = ex;
      continue;
    }
    const entry = ex.years[String(year)];
    if (!entry) throw new CliError(`the file's ${name} calendar does not cover ${year} (it covers ${Object.keys(ex.years).join(', ')})`);
    exchanges[name] = { years: { [year]: entry }, holidays: ex.holidays.filter((h) => h.date.startsWith(String(year))) };
  }
  return { exchanges };
}

function userFile(dataDir: string, then = ''): CalendarFile | undefined {
  return failClearly(() => readUserCalendar(dataDir), then);
}

const NOTHING_WRITTEN = '\nNothing was written.';

/** A data problem becomes one clear CLI error (exit 1), followed by `then`. */
function failClearly<T>(f: () => T, then = ''): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof MarketError) throw new CliError(`${err.message}${then}`);
    throw err;
  }
}
