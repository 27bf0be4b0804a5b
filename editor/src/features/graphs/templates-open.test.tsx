import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasNode, openTemplate } from '../../testing/render-app.tsx';
import { startServer, type RealServer } from '../../testing/real-server.ts';

/** Every template Legflow ships, read from the folder the server serves them from. */
const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'templates');
const templates = readdirSync(TEMPLATES_DIR)
  .filter((f) => f.endsWith('.graph.json'))
  .map((f) => {
    const doc = JSON.parse(readFileSync(join(TEMPLATES_DIR, f), 'utf8')) as { nodes: Array<{ id: string; type: string }> };
    return { id: f.replace('.graph.json', ''), nodes: doc.nodes };
  });

let server: RealServer;
beforeAll(async () => {
  server = await startServer();
  await server.signIn();
});
afterAll(async () => {
  await server.close();
});

describe('every template in the editor', () => {
  it('ships at least the eleven templates the README lists', () => {
    expect(templates.length).toBeGreaterThanOrEqual(11);
  });

  it.each(templates.map((t) => [t.id, t] as const))(
    '%s opens with all its nodes, validates, and test-runs its sample with no node failing',
    async (_id, template) => {
      const { user } = await openTemplate(server, template.id);
      for (const node of template.nodes) await waitFor(() => expect(canvasNode(node.id), node.id).not.toBeNull());
      // The node's own summary line, not an error badge.
      for (const node of template.nodes) expect(canvasNode(node.id)!.querySelector('.lf-node.is-invalid'), node.id).toBeNull();

      await user.click(screen.getByTestId('validate'));
      expect(await within(screen.getByTestId('validation-panel')).findByText('No problems: the graph can be published.')).toBeTruthy();

      await user.click(screen.getByRole('tab', { name: 'Test run' }));
      await user.click(screen.getByTestId('test-run'));
      const outcome = await screen.findByText(/^Run (completed|failed|ignored) in/);
      // A Python node needs a connected worker; every other template runs its sample through clean.
      const needsWorker = template.nodes.some((n) => n.type === 'transform.python');
      if (!needsWorker) {
        expect(outcome.textContent).toMatch(/^Run completed in .* · [1-9]\d* step\(s\)$/);
        expect(document.querySelectorAll('.is-failed')).toHaveLength(0);
      } else {
        expect(outcome.textContent).toMatch(/^Run (completed|failed) in/);
      }
    },
  );
});
