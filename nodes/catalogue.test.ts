/**
 * Conformance of the whole catalogue: what the editor's palette and forms, the server's validation and the
 * runtime rely on for every node type. A new node type is covered here the moment it is in the catalogue.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INPUT_KINDS, OUTPUT_KINDS } from '../runtime/ports.ts';
import { catalogue, registry } from './catalogue.ts';
import { NODE_CATEGORIES, type AnyNodeDefinition } from '../runtime/node-contract.ts';

/** Schemas a field may be wrapped in; a description on any layer describes the field. */
function layers(schema: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [schema];
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
    out.push(s);
  }
  return out;
}

/** Paths of every object field, at any depth (inside lists, unions, records), that has no description. */
function undescribed(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): string[] {
  const all = layers(schema);
  const core = all[all.length - 1]!;
  if (seen.has(core)) return []; // recursive schemas (JSON values) are walked once
  seen.add(core);
  if (core instanceof z.ZodObject) {
    return Object.entries(core.shape as Record<string, z.ZodType>).flatMap(([key, field]) => [
      ...(layers(field).some((l) => l.description) ? [] : [`${path}.${key}`]),
      ...undescribed(field, `${path}.${key}`, seen),
    ]);
  }
  if (core instanceof z.ZodArray) return undescribed(core.element as z.ZodType, `${path}[]`, seen);
  if (core instanceof z.ZodRecord) return undescribed(core.valueType as z.ZodType, `${path}{}`, seen);
  if (core instanceof z.ZodLazy) return undescribed(core.unwrap() as z.ZodType, path, seen);
  if (core instanceof z.ZodUnion) {
    return (core.options as z.ZodType[]).flatMap((o) => undescribed(o, path, seen));
  }
  return [];
}

/** Every node definition exported from nodes/<category>/<name>.ts, with the folder and file it came from. */
const here = dirname(fileURLToPath(import.meta.url));
const files: Array<{ folder: string; name: string; defs: AnyNodeDefinition[] }> = [];
for (const folder of NODE_CATEGORIES) {
  for (const file of readdirSync(join(here, folder)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const mod: Record<string, unknown> = await import(pathToFileURL(join(here, folder, file)).href);
    const defs = Object.values(mod).filter((v): v is AnyNodeDefinition => catalogue.includes(v as AnyNodeDefinition));
    files.push({ folder, name: file.replace(/\.ts$/, ''), defs });
  }
}

describe('node catalogue', () => {
  it('has one node type per file in nodes/<category>/, each file registered, each type unique', () => {
    for (const f of files) expect(f.defs, `nodes/${f.folder}/${f.name}.ts`).toHaveLength(1);
    expect(files.flatMap((f) => f.defs)).toHaveLength(catalogue.length);
    expect(new Set(catalogue.map((d) => d.type)).size).toBe(catalogue.length);
    expect(registry.all()).toHaveLength(catalogue.length);
  });

  describe.each(catalogue.map((def) => [def.type, def] as const))('%s', (type, def) => {
    const file = files.find((f) => f.defs.includes(def))!;
    const defaults: unknown = def.params.parse({});

    it('is named <category>.<file name> and lives in its category folder', () => {
      expect(type).toMatch(/^[a-z]+\.[a-z][a-z0-9-]*$/);
      expect(def.category).toBe(file.folder);
      expect(type).toBe(`${file.folder}.${file.name}`);
      expect(Number.isInteger(def.version) && def.version >= 1).toBe(true);
      expect(def.title.trim()).not.toBe('');
      expect(def.description.trim()).not.toBe('');
    });

    it('describes every param field, parses empty params to defaults, and has a JSON Schema', () => {
      expect(undescribed(def.params, 'params')).toEqual([]);
      expect(def.params.safeParse({}).success).toBe(true);
      expect(z.toJSONSchema(def.params)).toMatchObject({ type: 'object' });
    });

    it('gives every port a name, a kind and a label', () => {
      for (const port of def.inputs) {
        expect(INPUT_KINDS).toContain(port.kind);
        expect(port.label.trim()).not.toBe('');
      }
      for (const port of def.outputs) {
        expect(OUTPUT_KINDS).toContain(port.kind);
        expect(port.label.trim()).not.toBe('');
      }
      for (const ports of [def.inputs, def.outputs]) {
        expect(new Set(ports.map((p) => p.name)).size).toBe(ports.length);
      }
      expect(def.outputs.length).toBeGreaterThan(0);
    });

    it('has a trigger and no inputs if and only if it is a source', () => {
      const isSource = def.category === 'source';
      expect(def.trigger !== undefined).toBe(isSource);
      expect(def.inputs.length === 0).toBe(isSource);
    });

    it('summarises its defaults in one line', () => {
      const summary = def.summary(defaults);
      expect(typeof summary).toBe('string');
      expect(summary.trim()).not.toBe('');
      expect(summary).not.toContain('\n');
    });
  });
});
