import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { canvasNode, clickNode, openTemplate } from '../../../testing/render-app.tsx';
import { signedInServerPerTest } from '../../../testing/real-server.ts';

const server = signedInServerPerTest();

const inspector = () => within(screen.getByRole('complementary', { name: 'Inspector' }));

describe('the condition rule builder', () => {
  it('builds the rule with fields from the signal, commits when focus leaves, and shows it on the node', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await user.click(screen.getByTestId('palette-transform.condition'));
    const rule = () => store.getState().graph.doc.nodes.find((n) => n.id === 'condition')!.params.rule;

    const value = await inspector().findByDisplayValue('ENTRY');
    const fields = inspector().getByRole<HTMLSelectElement>('combobox', { name: 'Field' });
    expect(fields.value).toBe('action');
    expect([...fields.options].map((o) => o.value)).toEqual(expect.arrayContaining(['action', 'symbol', 'price', 'qty', 'position', 'time', 'text']));

    await user.clear(value);
    await user.type(value, 'EXIT');
    expect(rule()).toEqual({ '==': [{ var: 'action' }, 'ENTRY'] });
    fireEvent.blur(value, { relatedTarget: document.body });
    await waitFor(() => expect(rule()).toEqual({ '==': [{ var: 'action' }, 'EXIT'] }));
    expect(within(canvasNode('condition')!).getByText('If action == "EXIT"')).toBeTruthy();

    await user.click(inspector().getByRole('button', { name: 'Add rule' }));
    const [, second] = inspector().getAllByRole<HTMLSelectElement>('combobox', { name: 'Field' });
    await user.selectOptions(second!, 'price');
    await user.selectOptions(inspector().getAllByRole('combobox', { name: 'Operator' })[1]!, '>');
    const priceValue = inspector().getByRole('spinbutton', { name: 'Value' });
    await user.type(priceValue, '26000');
    fireEvent.blur(priceValue, { relatedTarget: document.body });
    await waitFor(() => expect(rule()).toEqual({ and: [{ '==': [{ var: 'action' }, 'EXIT'] }, { '>': [{ var: 'price' }, 26000] }] }));
  });

  it('keeps a rule it cannot show as JSON, and reports a rule the server would refuse', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await user.click(screen.getByTestId('palette-transform.condition'));
    await user.click(await inspector().findByRole('button', { name: 'Edit as JSON' }));
    const json = inspector().getByLabelText('Rule as JSON Logic');
    const arithmetic = { '>': [{ '+': [{ var: 'price' }, 10] }, 100] };
    fireEvent.blur(json, { target: { value: JSON.stringify(arithmetic) } });
    await waitFor(() => expect(store.getState().graph.doc.nodes.find((n) => n.id === 'condition')!.params.rule).toEqual(arithmetic));
    expect(inspector().getByText(/the builder cannot show/)).toBeTruthy();
    expect(inspector().getByRole<HTMLButtonElement>('button', { name: 'Use the builder' }).disabled).toBe(true);

    fireEvent.blur(inspector().getByLabelText('Rule as JSON Logic'), { target: { value: '{"==": [{"var": "signal.constructor"}, 1]}' } });
    expect((await inspector().findByRole('alert', { name: 'Problems with this node' })).textContent).toMatch(/"constructor" is not allowed/);
  });
});

describe('the switch field picker', () => {
  it('offers the same fields as the rule builder and commits the one typed', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    clickNode('route');
    const field = await inspector().findByRole('combobox', { name: 'Field' });
    const options = [...document.querySelectorAll(`#${CSS.escape(field.getAttribute('list')!)} option`)].map((o) => o.getAttribute('value'));
    expect(options).toEqual(expect.arrayContaining(['action', 'symbol', 'price', 'position', 'text']));
    await user.clear(field);
    await user.type(field, 'position{Enter}');
    expect(store.getState().graph.doc.nodes.find((n) => n.id === 'route')!.params.field).toBe('position');
  });
});
