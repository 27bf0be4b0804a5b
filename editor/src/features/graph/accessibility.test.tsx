import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { canvasNode, clickNode, openTemplate } from '../../testing/render-app.tsx';
import { signedInServerPerTest } from '../../testing/real-server.ts';

const server = signedInServerPerTest();

const CONTROL_ROLES = ['button', 'textbox', 'searchbox', 'combobox', 'checkbox', 'spinbutton', 'radio', 'listbox'] as const;

/** Controls a screen reader would announce without a name. */
function unnamedControls(): string[] {
  return CONTROL_ROLES.flatMap((role) => screen.queryAllByRole(role, { name: '' }).map((el) => `${role}: ${el.outerHTML.slice(0, 120)}`));
}

describe('accessibility', () => {
  it('every control has an accessible name: toolbar, palette, and the inspector of every node (rule builder and leg table too)', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    expect(unnamedControls()).toEqual([]);
    await user.click(screen.getByTestId('palette-transform.condition'));
    await screen.findByRole('combobox', { name: 'Field' });
    expect(unnamedControls()).toEqual([]);
    await user.click(screen.getByTestId('palette-legs.option'));
    await screen.findByRole('combobox', { name: 'Leg 1 strike by' });
    expect(unnamedControls()).toEqual([]);
    for (const node of store.getState().graph.doc.nodes) {
      clickNode(node.id);
      await within(screen.getByRole('complementary', { name: 'Inspector' })).findAllByRole('heading', { level: 2 });
      expect(unnamedControls(), node.type).toEqual([]);
    }
  });

  it('the keyboard alone reaches the toolbar, the palette, the canvas nodes and the inspector fields', async () => {
    const { user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    clickNode('straddle');
    await screen.findByRole('combobox', { name: 'Preset' });
    (document.activeElement as HTMLElement | null)?.blur();

    const reached = new Set<Element>();
    for (let i = 0; i < 400 && !reached.has(document.activeElement!); i++) {
      if (document.activeElement && document.activeElement !== document.body) reached.add(document.activeElement);
      await user.tab();
    }
    const inspector = within(screen.getByRole('complementary', { name: 'Inspector' }));
    const wanted = {
      'toolbar validate': screen.getByTestId('validate'),
      'palette search': screen.getByLabelText('Search nodes'),
      'a palette item': screen.getByTestId('palette-risk.combined'),
      'a canvas node': canvasNode('straddle')!,
      'an inspector field': inspector.getByRole('combobox', { name: 'Preset' }),
      'the leg table': inspector.getByRole('button', { name: 'Customise these legs' }),
    };
    for (const [what, el] of Object.entries(wanted)) expect(reached.has(el), what).toBe(true);
  });
});
