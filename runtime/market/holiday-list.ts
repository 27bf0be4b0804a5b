import type { Holiday } from './calendar-file.ts';
import { isIsoDate } from './data-file.ts';
import { MarketError } from './market-error.ts';
import { weekdayOf } from '../time.ts';
import { csvRows } from '../csv-table.ts';

/**
 * Reads an exchange's published holiday list, loosely: a CSV (`date,description`, with or without a header;
 * NSE's `Sr. No,Date,Day,Description` export too), a JSON array of `{date|tradingDate, name|description}`, or
 * NSE's holiday JSON (`{"CM": [...], "FO": [...]}`, the F&O segment taken). Dates like 26-Jan-2027,
 * 26 January 2027, 2027-01-26 or 26/01/2027 (day first, as Indian lists write them).
 */
export function parseHolidayList(text: string): Holiday[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw invalid(['the file is empty']);
  const rows = trimmed.startsWith('[') || trimmed.startsWith('{') ? jsonRows(trimmed) : tableRows(trimmed);
  const problems: string[] = [];
  const holidays: Holiday[] = [];
  for (const row of rows) {
    const date = parseListDate(row.date);
    if (date === undefined) problems.push(`${row.where}: "${row.date}" is not a date (write 26-Jan-2027 or 2027-01-26)`);
    else if (!row.name.trim()) problems.push(`${row.where}: ${date} has no description`);
    else holidays.push({ date, name: row.name.trim() });
  }
  if (problems.length) throw invalid(problems);
  if (!holidays.length) throw invalid(['no holidays found: expected rows of date and description']);
  return holidays;
}

/**
 * Checks a list as one exchange's holidays for one year: weekdays only (weekends are always closed), all
 * in `year` (or, without it, all in one year, which is returned), no date twice.
 */
export function checkYearList(holidays: readonly Holiday[], year?: number): number {
  const years = [...new Set(holidays.map((h) => Number(h.date.slice(0, 4))))].sort();
  if (year === undefined && years.length > 1) throw invalid([`the list spans ${years.join(' and ')}: load one year at a time with --year`]);
  const target = year ?? years[0]!;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const h of holidays) {
    const weekday = weekdayOf(h.date);
    if (Number(h.date.slice(0, 4)) !== target) problems.push(`${h.date} (${h.name}) is not in ${target}`);
    if (weekday === 0 || weekday === 6)
      problems.push(`${h.date} (${h.name}) is a ${weekday === 0 ? 'Sunday' : 'Saturday'}: weekends are always closed, leave it out`);
    if (seen.has(h.date)) problems.push(`${h.date} is listed twice`);
    seen.add(h.date);
  }
  if (problems.length) throw invalid(problems);
  return target;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A date as exchange lists write it, as YYYY-MM-DD; undefined when it is not one. */
export function parseListDate(text: string): string | undefined {
  const s = text.trim();
  let y: string | undefined;
  let m: number | undefined;
  let d: string | undefined;
  let match: RegExpMatchArray | null;
  if ((match = s.match(/^(\d{4})-(\d{2})-(\d{2})$/))) [y, m, d] = [match[1], Number(match[2]), match[3]];
  else if ((match = s.match(/^(\d{1,2})[-/ .](\d{1,2})[-/ .](\d{4})$/))) [d, m, y] = [match[1], Number(match[2]), match[3]];
  else if ((match = s.match(/^(\d{1,2})[- ]([A-Za-z]{3,9})[-, ]+(\d{4})$/))) [d, m, y] = [match[1], monthOf(match[2]!), match[3]];
  else if ((match = s.match(/^([A-Za-z]{3,9}) (\d{1,2}),? (\d{4})$/))) [m, d, y] = [monthOf(match[1]!), match[2], match[3]];
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const iso = `${y}-${String(m).padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** 1–12 for a month's whole name or its first three letters (and "Sept"); undefined otherwise. */
function monthOf(name: string): number | undefined {
  const n = name.toLowerCase();
  const i = MONTHS.findIndex((m) => n === m || n === m.slice(0, 3) || (m === 'september' && n === 'sept'));
  return i >= 0 ? i + 1 : undefined;
}

interface Row {
  where: string;
  date: string;
  name: string;
}

const DATE_KEYS = ['date', 'tradingdate', 'holidaydate'];
const NAME_KEYS = ['name', 'description', 'holiday', 'occasion', 'holidayname'];

function jsonRows(text: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid([`not valid JSON: ${(err as Error).message}`]);
  }
  let list = value;
  if (!Array.isArray(list) && typeof list === 'object' && list !== null) {
    // NSE's holiday JSON: one list per market segment; index options trade in F&O.
    const segments = list as Record<string, unknown>;
    list = segments.FO ?? segments.fo ?? segments.CM;
    if (!Array.isArray(list))
      throw invalid([`expected a list of holidays, or NSE's segments with "FO" (found: ${Object.keys(segments).join(', ') || 'nothing'})`]);
  }
  return (list as unknown[]).map((item, i) => {
    const where = `item ${i + 1}`;
    if (typeof item !== 'object' || item === null) throw invalid([`${where}: expected an object with a date and a description`]);
    const fields = Object.fromEntries(Object.entries(item).map(([k, v]) => [k.toLowerCase().replace(/[^a-z]/g, ''), v]));
    const pick = (keys: string[]) => keys.map((k) => fields[k]).find((v) => typeof v === 'string');
    return { where, date: pick(DATE_KEYS) ?? '', name: pick(NAME_KEYS) ?? '' };
  });
}

function tableRows(text: string): Row[] {
  const lines = csvRows(text)
    .map(({ line, cells }) => ({ n: line, cells }))
    .filter((l) => l.cells.some((c) => c));
  const header = lines[0]!.cells.map((c) => c.toLowerCase().replace(/[^a-z]/g, ''));
  const hasHeader = lines[0]!.cells.every((c) => parseListDate(c) === undefined);
  const dateCol = hasHeader ? header.findIndex((h) => DATE_KEYS.includes(h)) : -1;
  const nameCol = hasHeader ? header.findIndex((h) => NAME_KEYS.includes(h)) : -1;
  if (hasHeader && (dateCol < 0 || nameCol < 0)) {
    throw invalid([`line 1: the header names no ${dateCol < 0 ? 'date' : 'description'} column (expected e.g. "date,description")`]);
  }
  return lines.slice(hasHeader ? 1 : 0).map(({ n, cells }) => {
    // Without a header: the first cell that reads as a date, and the last cell as the description.
    const d =
      dateCol >= 0
        ? dateCol
        : Math.max(
            0,
            cells.findIndex((c) => parseListDate(c) !== undefined),
          );
    const name = nameCol >= 0 ? cells[nameCol] : cells.length > 1 ? cells[cells.length - 1] : '';
    return { where: `line ${n}`, date: cells[d] ?? '', name: name ?? '' };
  });
}

function invalid(problems: string[]): MarketError {
  return new MarketError('INVALID_DATA', `The holiday list is not valid:\n  ${problems.join('\n  ')}`, { problems });
}
