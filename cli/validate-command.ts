import { parseArgs } from 'node:util';
import { registry } from '../nodes/catalogue.ts';
import { validateGraph } from '../runtime/validate.ts';
import { CliError } from './cli-error.ts';
import { readJsonFile } from './load.ts';

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** On a terminal only: a line that replaces itself (a progress bar); '' clears it. */
  progress?(text: string): void;
}

/** `legflow validate <graph.json> [--json]`: every problem, exit 1 if there is any. */
export function validateCommand(argv: string[], io: CommandIO): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new CliError('usage: legflow validate <graph.json> [--json]', 2);
  const path = positionals[0]!;
  const result = validateGraph(readJsonFile(path, 'graph'), registry);
  if (values.json) {
    io.out(JSON.stringify({ valid: result.ok, problems: result.problems }, null, 2));
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    io.out(`${path}: valid (${result.graph.nodes.length} nodes, ${result.graph.edges.length} connections)`);
    return 0;
  }
  io.err(`${path}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
  for (const p of result.problems) {
    const where = p.nodeId ? `node ${p.nodeId}` : p.edgeId ? `connection ${p.edgeId}` : 'graph';
    io.err(`  ✗ [${where}] ${p.message}`);
  }
  return 1;
}
