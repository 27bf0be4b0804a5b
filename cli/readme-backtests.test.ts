import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backtestCommand } from './backtest-command.ts';

/** The README's `npx legflow backtest …` examples, each with the lines it says the command prints. */
function readmeExamples(): Array<{ argv: string[]; printed: string[] }> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n(npx legflow backtest [\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.map((block) => {
    const command = block
      .split('\n# ')[0]!
      .replace(/\\\n\s*/g, ' ')
      .trim();
    const printed = block
      .split('\n')
      .filter((line) => line.startsWith('# ') && !line.includes('…'))
      .map((line) => line.slice(2));
    return { argv: command.split(/\s+/).slice(3), printed };
  });
}

describe("the README's backtest examples", () => {
  it('print what the README says they print', async () => {
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const { argv, printed } of examples) {
      let out = '';
      await backtestCommand(argv, { out: (t) => (out += `${t}\n`), err: () => undefined });
      expect(printed.length).toBeGreaterThan(0);
      for (const line of printed) expect(out.split('\n')).toContain(line);
    }
  });
});
