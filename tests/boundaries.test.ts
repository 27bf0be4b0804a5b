import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN_PACKAGES = /^(react|react-dom|@xyflow\/|express|ws|better-sqlite3|kysely)(\/|$)/;
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s*['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every import under `dirs` that reaches a UI, a web server, storage, or the server/editor folders. */
function boundaryViolations(root: string, dirs: string[]): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(join(root, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        const target = spec.startsWith('.') ? relative(root, resolve(file, '..', spec)) : '';
        if (FORBIDDEN_PACKAGES.test(spec) || /^(editor|server)(\/|$)/.test(target)) {
          found.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
  }
  return found.sort();
}

/**
 * The Node built-ins reached from `entry` through relative imports that are not type-only: the editor bundles
 * the node catalogue for the browser, where they do not exist.
 */
function builtinsReached(entry: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (/^(?:import|export)\s+type\s/.test(m[0])) continue;
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      const here = [...chain, relative(join(import.meta.dirname, '..'), file)];
      if (spec.startsWith('node:')) found.push(`${here.join(' → ')} → ${spec}`);
      else if (spec.startsWith('.')) visit(resolve(file, '..', spec), here);
    }
  };
  visit(entry, []);
  return found;
}

describe('the engine stays headless', () => {
  it('the node catalogue reaches no Node built-in, so the editor can bundle it', () => {
    expect(builtinsReached(resolve(import.meta.dirname, '..', 'nodes', 'catalogue.ts'))).toEqual([]);
  });

  it('nodes/ and runtime/ import neither React, express, storage, nor anything under editor/ or server/', () => {
    expect(boundaryViolations(resolve(import.meta.dirname, '..'), ['nodes', 'runtime'])).toEqual([]);
  });

  it('catches each kind of forbidden import', () => {
    const root = mkdtempSync(join(tmpdir(), 'legflow-boundary-'));
    mkdirSync(join(root, 'runtime', 'deep'), { recursive: true });
    mkdirSync(join(root, 'nodes'));
    writeFileSync(
      join(root, 'runtime', 'deep', 'bad.ts'),
      "import express from 'express';\nimport type { App } from '../../server/app.ts';\nconst ui = await import('react');\n",
    );
    writeFileSync(join(root, 'nodes', 'ok.ts'), "import { z } from 'zod';\nimport { x } from '../runtime/deep/bad.ts';\n");
    writeFileSync(join(root, 'nodes', 'bad.tsx'), "export { Canvas } from '../editor/canvas.tsx';\n");
    expect(boundaryViolations(root, ['nodes', 'runtime'])).toEqual([
      'nodes/bad.tsx imports ../editor/canvas.tsx',
      'runtime/deep/bad.ts imports ../../server/app.ts',
      'runtime/deep/bad.ts imports express',
      'runtime/deep/bad.ts imports react',
    ]);
  });
});
