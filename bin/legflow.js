#!/usr/bin/env node
// Legflow is written in TypeScript and run through tsx's loader, so a clean clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
