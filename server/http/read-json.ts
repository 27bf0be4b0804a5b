import { ApiError } from './api-error.ts';

/**
 * Deepest nesting of arrays and objects any JSON body may have. Legflow's own bodies (graphs, rules,
 * alerts) stay far below it; thousands of levels would overflow the recursive code (key checks, zod,
 * JSON.stringify) that reads a parsed value, so the text is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

/** Where a JSON text stops being valid: character offset (0-based), line and column (1-based). */
export interface JsonProblem {
  kind: 'syntax' | 'depth';
  /** What is wrong, in words, without quoting the text (it may carry a secret). */
  reason: string;
  offset: number;
  line: number;
  column: number;
}

const BOM = '\uFEFF';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** The text without a leading UTF-8 byte-order mark, which some senders put before JSON. */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * Parses JSON text at the edge: a leading BOM is skipped; a syntax error is a 400 `invalid_json` and
 * nesting past MAX_JSON_DEPTH a 400 `too_deep`, both saying where (line, column, offset).
 */
export function readJson(text: string, what = 'request body'): unknown {
  const json = withoutBom(text);
  const problem = checkJson(json);
  if (problem) throw jsonError(problem, what);
  return JSON.parse(json) as unknown;
}

/** The ApiError a JSON problem answers. */
export function jsonError(problem: JsonProblem, what: string): ApiError {
  const where = { line: problem.line, column: problem.column, offset: problem.offset };
  if (problem.kind === 'depth') {
    return new ApiError(
      400,
      'too_deep',
      `The ${what} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels (line ${problem.line}, column ${problem.column}).`,
      {
        limit: MAX_JSON_DEPTH,
        ...where,
      },
    );
  }
  return new ApiError(400, 'invalid_json', `The ${what} is not valid JSON: ${problem.reason} at line ${problem.line}, column ${problem.column}.`, where);
}

/**
 * The first problem of a JSON text, or undefined when JSON.parse will take it. One pass with an explicit
 * stack (no recursion, so no depth can overflow it), stopping at MAX_JSON_DEPTH.
 */
export function checkJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: Array<'}' | ']'> = [];
  let i = skipSpace(text, 0);
  const fail = (kind: JsonProblem['kind'], reason: string, at = i) => problemAt(text, kind, reason, at);
  // Each turn reads one value, then the separators and closing brackets after it.
  for (;;) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) return fail('depth', 'too deep');
      stack.push(c === '{' ? '}' : ']');
      i = skipSpace(text, i + 1);
      if (text[i] === stack.at(-1)) {
        stack.pop();
        i++;
      } else if (c === '{') {
        const key = readKey(text, i);
        if (typeof key !== 'number') return fail('syntax', key.reason, key.at);
        i = key;
        continue;
      } else {
        continue;
      }
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return fail('syntax', end.reason, end.at);
      i = end;
    } else {
      const end = scalarEnd(text, i);
      if (end === undefined) return fail('syntax', i >= text.length ? 'the text ends where a value should be' : 'expected a value');
      i = end;
    }
    // After a value: commas, closing brackets, or the end.
    for (;;) {
      i = skipSpace(text, i);
      const close = stack.at(-1);
      if (close === undefined) return i === text.length ? undefined : fail('syntax', 'unexpected text after the JSON value');
      if (i >= text.length) return fail('syntax', `the text ends before its closing "${close}"`);
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return fail('syntax', `expected "," or "${close}"`);
      i = skipSpace(text, i + 1);
      if (close === '}') {
        const key = readKey(text, i);
        if (typeof key !== 'number') return fail('syntax', key.reason, key.at);
        i = key;
      }
      break;
    }
  }
}

type Stop = { reason: string; at: number };

/** An object key and its colon at `i`; the offset of the value after it. */
function readKey(text: string, i: number): number | Stop {
  if (text[i] !== '"') return { reason: i >= text.length ? 'the text ends where a key should be' : 'expected a key in double quotes', at: i };
  const end = stringEnd(text, i);
  if (typeof end !== 'number') return end;
  const colon = skipSpace(text, end);
  if (text[colon] !== ':') return { reason: colon >= text.length ? 'the text ends after a key' : 'expected ":" after a key', at: colon };
  return skipSpace(text, colon + 1);
}

/** The offset just past the string starting at `i`. */
function stringEnd(text: string, i: number): number | Stop {
  for (let j = i + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return { reason: 'a control character (such as a line break) inside a string', at: j };
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { reason: 'a \\u escape without four hex digits', at: j };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) j++;
      else return { reason: next === undefined ? 'the text ends inside a string' : 'an unknown escape in a string', at: j };
    }
  }
  return { reason: 'the text ends inside a string', at: text.length };
}

/** The offset just past the number or literal at `i`, or undefined when there is none. */
function scalarEnd(text: string, i: number): number | undefined {
  for (const pattern of [NUMBER, LITERAL]) {
    pattern.lastIndex = i;
    if (pattern.test(text)) return pattern.lastIndex;
  }
  return undefined;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return j;
    j++;
  }
}

function problemAt(text: string, kind: JsonProblem['kind'], reason: string, offset: number): JsonProblem {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf('\n'); j !== -1 && j < offset; j = text.indexOf('\n', j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return { kind, reason, offset, line, column: offset - lineStart + 1 };
}

/**
 * `verify` hook of express.json: checks the body before body-parser parses it, so every JSON body of the
 * API gets the same syntax and depth answers. JSON between systems is UTF-8 (RFC 8259).
 */
export function verifyJsonBody(_req: unknown, _res: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && !/^utf-?8$/i.test(encoding)) {
    throw new ApiError(415, 'unsupported_charset', `JSON bodies must be UTF-8, not ${encoding}.`, { charset: encoding });
  }
  // An empty body is body-parser's `{}`.
  const problem = body.length === 0 ? undefined : checkJson(withoutBom(body.toString('utf8')));
  if (problem) throw jsonError(problem, 'request body');
}
