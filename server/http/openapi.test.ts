import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_RESPONSES } from '../../contracts/api.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Operation {
  responses: Record<string, { content?: { 'application/json': { schema: Record<string, unknown> } } }>;
}

describe('the OpenAPI document carries the answers’ contracts', () => {
  it('has a contract for every operation that answers a body, with the status the route declares, and none left over', () => {
    const routes = t.docs.list();
    const declared = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const r of routes) {
      const contract = API_RESPONSES[`${r.method} ${r.path}`];
      if ((r.status ?? 200) === 204) expect(contract, `${r.method} ${r.path}`).toBeUndefined();
      else expect(contract?.status, `${r.method} ${r.path}`).toBe(r.status ?? 200);
    }
    expect(Object.keys(API_RESPONSES).filter((op) => !declared.has(op))).toEqual([]);
  });

  it('names the shared shapes once and refers to them: an order, the two shapes of /api/positions', () => {
    const doc = t.docs.document() as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { properties?: Record<string, { format?: string }> }> };
    };
    const orders = doc.paths['/api/orders']!.get!.responses['200']!.content!['application/json'].schema;
    expect(orders).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Order' } });
    expect(doc.components.schemas.Order!.properties!.createdAt!.format).toBe('date-time');
    const positions = doc.paths['/api/positions']!.get!.responses['200']!.content!['application/json'].schema;
    expect(positions).toEqual({ anyOf: [{ $ref: '#/components/schemas/NetPositions' }, { $ref: '#/components/schemas/PositionGroups' }] });
    expect(Object.keys(doc.components.schemas.PositionGroupWithMarket!.properties!)).toEqual(expect.arrayContaining(['greeks', 'tag', 'netPnl', 'charges']));
    // A 204 has no body to describe.
    expect(doc.paths['/api/graphs/{id}']!.delete!.responses['204']).toEqual({ description: 'No content' });
  });

  it('carries the /ws/workers frames among its components, though no operation answers with them', () => {
    const { schemas } = (t.docs.document() as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }).components;
    expect(Object.keys(schemas.WorkerCall!.properties!)).toEqual(['type', 'id', 'function', 'timeoutMs', 'message']);
    expect(schemas.WorkerCall!.properties!.message).toEqual({ $ref: '#/components/schemas/WorkerCallMessage' });
    expect(Object.keys(schemas.WorkerCallMessage!.properties!)).toEqual(['signal', 'vars', 'legs', 'deployment', 'nodeId']);
  });
});
