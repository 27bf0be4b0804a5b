import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the Pine templates in this folder far enough to test them: their inputs, their functions and
 * every alert they can send, taken from the source itself so the tests never keep a second copy.
 * It understands the subset of Pine the templates use and says so when it meets something else.
 */

export type AlertVia = 'alertcondition' | 'alert' | 'alert_message';

export interface PineAlert {
  via: AlertVia;
  /** 1-based line of the call, for messages. */
  line: number;
  /** alertcondition: the title the alert dialog lists. */
  title?: string;
  /** alertcondition: the constant message, with TradingView's placeholders. */
  message?: string;
  /** alert / alert_message: the Pine expression that builds the message. */
  expression?: string;
  /** alert: the frequency argument as written. */
  freq?: string;
}

export interface PineInput {
  title: string;
  /** The default as written: a string literal's text, or a number. */
  value: string | number;
}

export interface PineFunction {
  params: string[];
  body: string;
}

export interface PineTemplate {
  file: string;
  /** The file as written. */
  source: string;
  declaration: 'indicator' | 'strategy';
  /** The declaration's arguments as written, by name (positional ones as `0`, `1`, ...). */
  declarationArgs: Record<string, string>;
  inputs: Map<string, PineInput>;
  /** Top-level `name = expression` assignments that are not inputs. */
  globals: Map<string, string>;
  functions: Map<string, PineFunction>;
  alerts: PineAlert[];
  /** The logical lines (comments removed, wrapped lines joined), for checks over the source. */
  lines: Array<{ line: number; text: string }>;
}

export const PINE_DIR = import.meta.dirname;

export function pineTemplateFiles(): string[] {
  return readdirSync(PINE_DIR)
    .filter((f) => f.endsWith('.pine'))
    .sort();
}

export function loadPineTemplate(file: string): PineTemplate {
  return parsePine(file, readFileSync(join(PINE_DIR, file), 'utf8'));
}

export function parsePine(file: string, source: string): PineTemplate {
  const lines = logicalLines(source);
  const template: PineTemplate = {
    file,
    source,
    declaration: 'indicator',
    declarationArgs: {},
    inputs: new Map(),
    globals: new Map(),
    functions: new Map(),
    alerts: [],
    lines,
  };
  let declared = false;
  for (let i = 0; i < lines.length; i++) {
    const { line, text } = lines[i]!;
    const declaration = /^(indicator|strategy)\(/.exec(text);
    if (declaration) {
      template.declaration = declaration[1] as 'indicator' | 'strategy';
      template.declarationArgs = namedArgs(callArgs(text, declaration[0].length - 1));
      declared = true;
    }
    const fn = /^([A-Za-z_]\w*)\(([^)]*)\)\s*=>\s*(.*)$/.exec(text);
    if (fn) {
      const inline = fn[3]!.trim();
      const body = inline || (lines[i + 1]?.text.startsWith('    ') ? lines[++i]!.text.trim() : '');
      if (!body || lines[i + 1]?.text.startsWith('    ')) throw new Error(`${file}:${line}: only one-expression functions are supported`);
      template.functions.set(fn[1]!, {
        params: fn[2]!
          .split(',')
          .map((p) => p.trim().split(/\s+/).at(-1)!)
          .filter(Boolean),
        body,
      });
      continue;
    }
    const assignment = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/.exec(text);
    if (assignment) {
      const [, name, expression] = assignment as unknown as [string, string, string];
      const input = /^input\.\w+\(/.exec(expression);
      if (input) {
        const args = namedArgs(callArgs(expression, input[0].length - 1));
        const value = args.defval ?? args['0'];
        const title = args.title ?? args['1'];
        if (value === undefined || title === undefined) throw new Error(`${file}:${line}: input without a default or a title`);
        template.inputs.set(name, { title: literal(title, `${file}:${line}`), value: /^-?\d/.test(value) ? Number(value) : literal(value, `${file}:${line}`) });
      } else {
        template.globals.set(name, expression);
      }
    }
    template.alerts.push(...alertsOn(text, `${file}:${line}`, line));
  }
  if (!declared) throw new Error(`${file}: no indicator() or strategy() declaration`);
  return template;
}

const ALERT_CALL = /(?<![\w.])(alertcondition|alert|strategy\.(?:entry|order|exit|close|close_all))\(/g;

function alertsOn(text: string, where: string, line: number): PineAlert[] {
  const found: PineAlert[] = [];
  for (const match of maskStrings(text).matchAll(ALERT_CALL)) {
    const args = callArgs(text, match.index + match[0].length - 1);
    const named = namedArgs(args);
    if (match[1] === 'alertcondition') {
      const title = named.title ?? named['1'];
      const message = named.message ?? named['2'];
      if (!title || !message) throw new Error(`${where}: alertcondition() needs a title and a message`);
      found.push({ via: 'alertcondition', line, title: literal(title, where), message: literal(message, where) });
    } else if (match[1] === 'alert') {
      const expression = named.message ?? named['0'];
      if (!expression) throw new Error(`${where}: alert() without a message`);
      const freq = named.freq ?? named['1'];
      found.push({ via: 'alert', line, expression, ...(freq !== undefined && { freq }) });
    } else if (named.alert_message) {
      found.push({ via: 'alert_message', line, expression: named.alert_message });
    }
  }
  return found;
}

/**
 * Source lines without comments, with wrapped lines joined: Pine continues a line on the next one when
 * that one is indented by a number of spaces that is not a multiple of four.
 */
function logicalLines(source: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  source.split('\n').forEach((raw, index) => {
    const text = withoutComment(raw).trimEnd();
    if (text.trim() === '') return;
    const indent = text.length - text.trimStart().length;
    const last = out.at(-1);
    if (last && indent % 4 !== 0) last.text += ` ${text.trim()}`;
    else out.push({ line: index + 1, text });
  });
  return out;
}

function withoutComment(line: string): string {
  const at = maskStrings(line).indexOf('//');
  return at === -1 ? line : line.slice(0, at);
}

/** The text with every string literal's content replaced by spaces, so searches skip strings. */
function maskStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => s[0] + ' '.repeat(s.length - 2) + s[0]);
}

/** The top-level arguments of the call whose `(` is at `open`, as written. */
function callArgs(text: string, open: number): string[] {
  const masked = maskStrings(text);
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) {
        const lastArg = text.slice(start, i).trim();
        if (lastArg) args.push(lastArg);
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`unbalanced call: ${text}`);
}

/** Arguments by name; positional ones (before the first named one) as `0`, `1`, ... */
function namedArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  args.forEach((arg, i) => {
    const named = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]+)$/.exec(arg);
    if (named) out[named[1]!] = named[2]!;
    else out[String(i)] = arg;
  });
  return out;
}

/** A string literal's text (Pine takes "…" and '…', with backslash escapes). */
export function literal(text: string, where: string): string {
  const m = /^(["'])((?:[^\\]|\\.)*)\1$/.exec(text.trim());
  if (!m) throw new Error(`${where}: expected a string literal, found ${text}`);
  return m[2]!.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
}
