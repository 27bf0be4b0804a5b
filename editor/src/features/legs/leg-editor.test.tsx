import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clickNode, openTemplate } from '../../test/render-app.tsx';
import { startServer, type RealServer } from '../../test/real-server.ts';

let server: RealServer;
beforeEach(async () => {
  server = await startServer();
  await server.signIn();
});
afterEach(async () => {
  await server.close();
});

const legs = () => within(screen.getByRole('region', { name: 'Leg table' }));

describe('the leg table', () => {
  it('lists a preset’s legs resolved against the live chain, with their combined premium and payoff', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    clickNode('straddle');
    // ATM on the server's market, as the engine picks it.
    const chain = (await server.call('GET', '/api/market/chain?underlying=NIFTY&around=1')).body as { atm: number; rows: Array<{ ce: { quote: { ltp: number } }; pe: { quote: { ltp: number } } }> };
    await waitFor(() => expect(legs().getAllByText(new RegExp(`^${chain.atm} (CE|PE)`))).toHaveLength(2), { timeout: 5000 });
    expect((legs().getByRole('combobox', { name: 'Leg ce buy or sell' }) as HTMLSelectElement).value).toBe('SELL');
    expect((legs().getByRole('combobox', { name: 'Leg ce buy or sell' }) as HTMLSelectElement).disabled).toBe(true);

    const payoff = within(screen.getByRole('figure', { name: 'Payoff at expiry' }));
    const perUnit = chain.rows[1]!.ce.quote.ltp + chain.rows[1]!.pe.quote.ltp;
    expect(payoff.getByText(/^credit ₹/).textContent).toContain(`(${perUnit.toFixed(2)} a unit)`);
    expect(payoff.getByText('unlimited')).toBeTruthy();

    // Customising turns the preset into editable legs; changing one updates the params.
    await user.click(legs().getByRole('button', { name: 'Customise these legs' }));
    const strategy = () => store.getState().graph.doc.nodes.find((n) => n.id === 'straddle')!.params as { preset: string; legs: Array<{ side: string; strike: { offset: number } }> };
    expect(strategy().preset).toBe('custom');
    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg ce buy or sell' }), 'BUY');
    expect(strategy().legs[0]!.side).toBe('BUY');
    const steps = legs().getByRole('textbox', { name: 'Leg ce steps from ATM' });
    fireEvent.blur(steps, { target: { value: '2' } });
    expect(strategy().legs[0]!.strike.offset).toBe(2);
    await waitFor(() => expect(legs().getByText(new RegExp(`^${chain.atm + 100} CE`))).toBeTruthy(), { timeout: 5000 });
  });

  it('a custom leg can be renamed and given its own expiry (a calendar), back to the strategy’s', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    clickNode('straddle');
    await user.click(await legs().findByRole('button', { name: 'Customise these legs' }));
    const strategy = () => store.getState().graph.doc.nodes.find((n) => n.id === 'straddle')!.params as { legs: Array<{ name: string | null; expiry: { kind: string } | null }> };
    fireEvent.blur(legs().getByRole('textbox', { name: 'Leg ce name' }), { target: { value: 'near' } });
    expect(strategy().legs[0]!.name).toBe('near');
    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg near expiry' }), 'next-month');
    expect(strategy().legs[0]!.expiry).toMatchObject({ kind: 'next-month' });
    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg near expiry' }), 'the strategy’s');
    expect(strategy().legs[0]!.expiry).toBeNull();
  });

  it('edits a single option leg in the table and says why a leg cannot be resolved', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await user.click(screen.getByTestId('palette-legs.option'));
    await waitFor(() => expect(legs().getAllByText(/ CE · /)).toHaveLength(1), { timeout: 5000 });
    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg 1 call or put' }), 'PE');
    const option = () => store.getState().graph.doc.nodes.find((n) => n.id === 'option')!.params;
    expect(option().optionType).toBe('PE');
    fireEvent.blur(legs().getByRole('textbox', { name: 'Leg 1 steps from ATM' }), { target: { value: '30' } });
    expect(option().strike).toMatchObject({ offset: 30 });
    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg 1 strike by' }), 'premium');
    await waitFor(() => expect(legs().getAllByText(/ PE · /)).toHaveLength(1), { timeout: 5000 });

    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg 1 strike by' }), 'absolute');
    fireEvent.blur(legs().getByRole('textbox', { name: 'Leg 1 strike' }), { target: { value: '10000' } });
    expect((await legs().findByRole('alert')).textContent).toMatch(/cannot be resolved now: .*10000 PE .*not among the strikes shown/);
  });
});
