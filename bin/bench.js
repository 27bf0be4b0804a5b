#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.bench.ts through tsx. Benchmarks print tables; they are not tests.
import { register } from 'tsx/esm/api';

register();
const { runBench } = await import('../bench/main.ts');
process.exitCode = await runBench(process.argv.slice(2));
