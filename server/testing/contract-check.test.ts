import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../http/api-error.ts';
import { checkResponses } from './contract-check.ts';

/** A small app answering at documented paths, right and wrong, through routers as the server mounts them. */
function app() {
  const app = express();
  const mismatches = checkResponses(app);
  const meta = express.Router();
  meta.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: '1.0.0', time: new Date(0).toISOString() });
  });
  meta.get('/templates', (_req, res) => {
    res.json([{ id: 't', name: 'T', description: '', nodeCount: '3' }]);
  });
  meta.get('/undocumented', (_req, res) => {
    res.json({ any: 'thing' });
  });
  meta.get('/gone', (_req, res) => {
    res.status(404).json({ error: { code: 'not_found' } });
  });
  app.use('/api', meta);
  app.post('/api/graphs', (_req, res) => {
    res.json({ id: 'g_1', rev: 1 });
  });
  app.use(errorHandler({ error: () => undefined }));
  return { app, mismatches };
}

describe('the contract check of the server tests', () => {
  it('lets an answer that keeps its contract through', async () => {
    const { app: a, mismatches } = app();
    const res = await request(a).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe('1.0.0');
    expect(mismatches).toEqual([]);
  });

  it('turns a field of the wrong type, an operation with no contract, a wrong status and a bad error body into 500 contract_mismatch', async () => {
    const { app: a, mismatches } = app();
    const wrongType = await request(a).get('/api/templates');
    expect(wrongType.status).toBe(500);
    expect(wrongType.body.error.code).toBe('contract_mismatch');
    expect(wrongType.body.error.message).toContain('0.nodeCount');
    expect((await request(a).get('/api/undocumented')).status).toBe(500);
    // Created answers 201 by contract.
    expect((await request(a).post('/api/graphs')).status).toBe(500);
    await request(a).get('/api/gone');
    expect(mismatches.map((m) => [m.operation, m.status])).toEqual([
      ['GET /api/templates', 200],
      ['GET /api/undocumented', 200],
      ['POST /api/graphs', 200],
      ['GET /api/gone', 404],
    ]);
    expect(mismatches[1]!.problems).toEqual(['no contract for this operation in contracts/api.ts']);
  });
});
