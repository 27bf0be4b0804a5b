import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mountEditor } from './editor-static.ts';

function appWith(dist: string) {
  const app = express();
  mountEditor(app, dist);
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found', message: 'no route', details: {} } }));
  return app;
}

function builtEditor(): string {
  const dist = mkdtempSync(join(tmpdir(), 'legflow-editor-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Legflow</title>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dist;
}

describe('the built editor', () => {
  it('answers page paths with index.html so the editor can route in the browser', async () => {
    const app = appWith(builtEditor());
    for (const path of ['/', '/graphs/g_1', '/login']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).toContain('<title>Legflow</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await request(appWith(builtEditor())).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API, the webhooks and the WebSocket path to their own handlers', async () => {
    const app = appWith(builtEditor());
    for (const path of ['/api/nope', '/api', '/hooks/tv/x', '/ws']) {
      const res = await request(app).get(path).expect(404);
      expect(res.body.error.code).toBe('not_found');
    }
    await request(app).post('/graphs').expect(404);
  });

  it('says how to build the editor when it is not built', async () => {
    const res = await request(appWith(mkdtempSync(join(tmpdir(), 'legflow-empty-'))))
      .get('/')
      .expect(503);
    expect(res.text).toContain('npm run build:editor');
  });
});
