import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseOptionSymbol } from '../../../../runtime/market/option-symbol.ts';
import { clickNode, openTemplate } from '../../testing/render-app.tsx';
import { signedInServerPerTest } from '../../testing/real-server.ts';

const server = signedInServerPerTest();

const legs = () => within(screen.getByRole('region', { name: 'Leg table' }));

describe('the leg table', () => {
  it('lists a preset’s legs resolved against the live chain, with their combined premium and payoff', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    clickNode('straddle');
    // ATM on the server's market, as the engine picks it.
    const chain = (await server.call('GET', '/api/market/chain?underlying=NIFTY&around=1')).body as {
      atm: number;
      rows: Array<{ ce: { quote: { ltp: number } }; pe: { quote: { ltp: number } } }>;
    };
    await waitFor(() => expect(legs().getAllByText(new RegExp(`^${chain.atm} (CE|PE)`))).toHaveLength(2), { timeout: 5000 });
    expect(legs().getByRole<HTMLSelectElement>('combobox', { name: 'Leg ce buy or sell' }).value).toBe('SELL');
    expect(legs().getByRole<HTMLSelectElement>('combobox', { name: 'Leg ce buy or sell' }).disabled).toBe(true);

    const payoff = within(screen.getByRole('figure', { name: 'Payoff at expiry' }));
    const perUnit = chain.rows[1]!.ce.quote.ltp + chain.rows[1]!.pe.quote.ltp;
    expect(payoff.getByText(/^credit ₹/).textContent).toContain(`(${perUnit.toFixed(2)} a unit)`);
    expect(payoff.getByText('unlimited')).toBeTruthy();

    // Customising turns the preset into editable legs; changing one updates the params.
    await user.click(legs().getByRole('button', { name: 'Customise these legs' }));
    const strategy = () =>
      store.getState().graph.doc.nodes.find((n) => n.id === 'straddle')!.params as {
        preset: string;
        legs: Array<{ side: string; strike: { offset: number } }>;
      };
    expect(strategy().preset).toBe('custom');
    await user.selectOptions(legs().getByRole('combobox', { name: 'Leg ce buy or sell' }), 'BUY');
    expect(strategy().legs[0]!.side).toBe('BUY');
    const steps = legs().getByRole('textbox', { name: 'Leg ce steps from ATM' });
    fireEvent.blur(steps, { target: { value: '2' } });
    expect(strategy().legs[0]!.strike.offset).toBe(2);
    await waitFor(() => expect(legs().getByText(new RegExp(`^${chain.atm + 100} CE`))).toBeTruthy(), { timeout: 5000 });
  });

  it('with a futures-based ATM lists the strikes the engine picks from the near-month future, priced, with no error', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    clickNode('straddle');
    const spotChain = (await server.call('GET', '/api/market/chain?underlying=NIFTY&around=1')).body as { atm: number };
    await waitFor(() => expect(legs().getAllByText(new RegExp(`^${spotChain.atm} (CE|PE)`))).toHaveLength(2), { timeout: 5000 });

    // The server's own engine on the same straddle with ATM from the future: a test run of that graph.
    const template = (await server.call('GET', '/api/templates/short-straddle')).body as { nodes: Array<{ id: string; params: Record<string, unknown> }> };
    const node = template.nodes.find((n) => n.id === 'straddle')!;
    node.params = { ...node.params, atmBasis: 'futures' };
    const { id } = (await server.call('POST', '/api/graphs', { graph: template })).body as { id: string };
    const run = (await server.call('POST', `/api/graphs/${id}/test`, { signal: { action: 'ENTRY' } })).body as {
      steps: Array<{ nodeId: string; output: { legs: Array<{ legs: Array<{ symbol: string }> }> } }>;
    };
    const symbols = run.steps.find((s) => s.nodeId === 'straddle')!.output.legs[0]!.legs.map((l) => l.symbol);
    const [ce, pe] = symbols.map((symbol) => parseOptionSymbol(symbol, ['NIFTY']));
    const strike = ce!.strike;
    expect([ce?.optionType, pe?.optionType, pe?.strike]).toEqual(['CE', 'PE', strike]);
    // The future trades above spot by its carry, so its ATM is another strike here: the switch shows.
    expect(strike).toBeGreaterThan(spotChain.atm);

    const inspector = within(screen.getByRole('complementary', { name: 'Inspector' }));
    await user.selectOptions(inspector.getByRole('combobox', { name: 'Atm basis' }), 'futures');
    expect((store.getState().graph.doc.nodes.find((n) => n.id === 'straddle')!.params as { atmBasis: string }).atmBasis).toBe('futures');
    await waitFor(() => expect(legs().getAllByText(new RegExp(`^${strike} (CE|PE)`))).toHaveLength(2), { timeout: 5000 });
    expect(legs().queryByRole('alert')).toBeNull();

    const ltp = async (symbol: string) => ((await server.call('GET', `/api/market/quote?symbol=${symbol}`)).body as { ltp: number }).ltp;
    const perUnit = (await ltp(symbols[0]!)) + (await ltp(symbols[1]!));
    const payoff = within(screen.getByRole('figure', { name: 'Payoff at expiry' }));
    expect(payoff.getByText(/^credit ₹/).textContent).toContain(`(${perUnit.toFixed(2)} a unit)`);
  });

  it('a custom leg can be renamed and given its own expiry (a calendar), back to the strategy’s', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    clickNode('straddle');
    await user.click(await legs().findByRole('button', { name: 'Customise these legs' }));
    const strategy = () =>
      store.getState().graph.doc.nodes.find((n) => n.id === 'straddle')!.params as { legs: Array<{ name: string | null; expiry: { kind: string } | null }> };
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
