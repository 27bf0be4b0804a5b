import type { PineTemplate } from './pine-source.ts';

/**
 * Evaluates the string-building Pine expressions of the templates (literals, `+`, names, calls of the
 * script's own functions and of a few built-ins), the way TradingView would on one bar. Values a real run
 * would compute (close, time, the RSI, ...) come from `bar`; anything else unknown is an error that names it.
 */

export type PineValue = string | number;

export interface Bar {
  /** Built-in and series values by name, e.g. `close`, `time` (ms), `syminfo.ticker`, `rsi`. */
  values: Record<string, PineValue>;
  /** The symbol's tick size, for `format.mintick`. */
  mintick: number;
}

export interface Scope {
  template: PineTemplate;
  bar: Bar;
  /** Input values by variable name, over the defaults written in the script. */
  inputs?: Record<string, PineValue>;
}

export function evaluate(expression: string, scope: Scope, locals: Record<string, PineValue> = {}): PineValue {
  const parser = new Parser(tokenize(expression), scope, locals, expression);
  const value = parser.expression();
  parser.end();
  return value;
}

type Token = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'name'; value: string } | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(["'])((?:(?!\1)[^\\]|\\.)*)\1|(\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)|([()+,=]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) throw new Error(`cannot read the Pine expression at "${text.slice(at, at + 20)}" in: ${text}`);
    if (m[1]) tokens.push({ kind: 'string', value: m[2]!.replace(/\\(.)/g, '$1') });
    else if (m[3]) tokens.push({ kind: 'number', value: Number(m[3]) });
    else if (m[4]) tokens.push({ kind: 'name', value: m[4] });
    else tokens.push({ kind: 'punct', value: m[5]! });
    at = pattern.lastIndex;
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly scope: Scope,
    private readonly locals: Record<string, PineValue>,
    private readonly text: string,
  ) {}

  expression(): PineValue {
    let value = this.term();
    while (this.peekPunct('+')) {
      this.at++;
      const right = this.term();
      if (typeof value !== typeof right) throw new Error(`Pine cannot add a ${typeof value} and a ${typeof right} in: ${this.text}`);
      value = typeof value === 'string' ? value + String(right) : value + Number(right);
    }
    return value;
  }

  end(): void {
    if (this.at < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.at]!.value}" in: ${this.text}`);
  }

  private term(): PineValue {
    const token = this.tokens[this.at++];
    if (!token) throw new Error(`the expression ends too soon: ${this.text}`);
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'punct' && token.value === '(') {
      const value = this.expression();
      this.expect(')');
      return value;
    }
    if (token.kind !== 'name') throw new Error(`unexpected "${token.value}" in: ${this.text}`);
    if (!this.peekPunct('(')) return this.name(token.value);
    this.at++;
    const args: PineValue[] = [];
    while (!this.peekPunct(')')) {
      if (this.tokens[this.at + 1]?.value === '=') throw new Error(`named arguments are not supported here: ${this.text}`);
      args.push(this.expression());
      if (!this.peekPunct(')')) this.expect(',');
    }
    this.at++;
    return this.call(token.value, args);
  }

  private name(name: string): PineValue {
    const { template, bar, inputs } = this.scope;
    if (name in this.locals) return this.locals[name]!;
    if (inputs && name in inputs) return inputs[name]!;
    const input = template.inputs.get(name);
    if (input) return input.value;
    if (name in bar.values) return bar.values[name]!;
    if (name === 'format.mintick') return name;
    const global = template.globals.get(name);
    if (global !== undefined) return evaluate(global, this.scope);
    throw new Error(`${template.file}: "${name}" has no value in the test bar; add it to the bar's values`);
  }

  private call(name: string, args: PineValue[]): PineValue {
    const fn = this.scope.template.functions.get(name);
    if (fn) {
      if (fn.params.length !== args.length) throw new Error(`${name}() takes ${fn.params.length} arguments, got ${args.length}`);
      return evaluate(fn.body, this.scope, Object.fromEntries(fn.params.map((p, i) => [p, args[i]!])));
    }
    const builtin = BUILTINS[name];
    if (!builtin) throw new Error(`${this.scope.template.file}: the test evaluator does not know ${name}()`);
    return builtin(args, this.scope.bar);
  }

  private peekPunct(value: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === 'punct' && token.value === value;
  }

  private expect(value: string): void {
    if (!this.peekPunct(value)) throw new Error(`expected "${value}" in: ${this.text}`);
    this.at++;
  }
}

const ISO_UTC = "yyyy-MM-dd'T'HH:mm:ss'Z'";

const BUILTINS: Record<string, (args: PineValue[], bar: Bar) => PineValue> = {
  'str.tostring': ([value, format], bar) => {
    if (typeof value === 'string') return value;
    if (value === undefined) throw new Error('str.tostring() needs a value');
    if (format === undefined) return String(value);
    if (format === 'format.mintick') return (Math.round(value / bar.mintick) * bar.mintick).toFixed(decimals(bar.mintick));
    const optional = /^#*\.(#+)$/.exec(String(format));
    if (optional) return String(Number(value.toFixed(optional[1]!.length)));
    throw new Error(`str.tostring() format ${String(format)} is not supported by the test evaluator`);
  },
  'str.format_time': ([time, format, zone]) => {
    if (typeof time !== 'number' || format !== ISO_UTC || zone !== 'UTC') {
      throw new Error(`str.format_time() is supported only as (time, "${ISO_UTC}", "UTC")`);
    }
    return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
};

function decimals(step: number): number {
  const text = String(step);
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}
