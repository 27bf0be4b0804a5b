import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** Finds bench/<name>.bench.ts and runs its default export. */
export async function runBench(argv: string[]): Promise<number> {
  const names = readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
  const [name] = argv;
  if (!name || !names.includes(name)) {
    process.stderr.write(`usage: npm run bench -- <name>\nbenchmarks: ${names.join(', ')}\n`);
    return name ? 1 : 2;
  }
  const mod = (await import(pathToFileURL(join(import.meta.dirname, `${name}.bench.ts`)).href)) as {
    default: (args: string[]) => Promise<void>;
  };
  await mod.default(argv.slice(1));
  return 0;
}
