/** The leg table and the payoff of its legs, with legs as the chain would price them. */
import type { Meta, StoryObj } from '@storybook/react-vite';
import { strikeParam } from '../../../../nodes/shared/params.ts';
import type { PricedLeg } from './leg-preview.ts';
import type { LegRow } from './leg-rows.ts';
import { LegTable } from './LegTable.tsx';
import { PayoffPanel } from './PayoffPanel.tsx';

const atm = strikeParam.parse(undefined);
const row = (key: string, optionType: 'CE' | 'PE', side: 'BUY' | 'SELL', offset: number, editable = true): LegRow => ({
  key,
  optionType,
  side,
  size: 1,
  sizeLabel: 'Lots',
  strike: { ...atm, offset },
  editable,
  name: key,
});
const priced = (key: string, optionType: 'CE' | 'PE', side: 'BUY' | 'SELL', strike: number, ltp: number): PricedLeg => ({
  id: `strategy.${key}`,
  underlying: 'NIFTY',
  exchange: 'NSE',
  optionType,
  side,
  lots: 1,
  lotSize: 65,
  qty: 65,
  strike,
  expiry: '2026-12-01',
  symbol: `NIFTY01DEC26${strike}${optionType}`,
  ltp,
});

function LegsWithPayoff({ rows, legs, spot }: { rows: LegRow[]; legs: PricedLeg[]; spot: number }) {
  return (
    <div className="lf-inspector" style={{ width: 380 }}>
      <LegTable rows={rows} legs={legs} onRow={() => {}} />
      <PayoffPanel legs={legs} spot={spot} />
    </div>
  );
}

export default { title: 'Inspector/Leg table and payoff', component: LegsWithPayoff } satisfies Meta<typeof LegsWithPayoff>;

type Story = StoryObj<typeof LegsWithPayoff>;

/** The example of DESIGN.md: short straddle at 26000 for 120 + 110, breakevens 25770 and 26230. */
export const ShortStraddle: Story = {
  args: {
    spot: 26010,
    rows: [row('ce', 'CE', 'SELL', 0, false), row('pe', 'PE', 'SELL', 0, false)],
    legs: [priced('ce', 'CE', 'SELL', 26000, 120), priced('pe', 'PE', 'SELL', 26000, 110)],
  },
};

export const IronCondor: Story = {
  args: {
    spot: 26010,
    rows: [row('pe', 'PE', 'SELL', 2), row('pe-wing', 'PE', 'BUY', 4), row('ce', 'CE', 'SELL', 2), row('ce-wing', 'CE', 'BUY', 4)],
    legs: [
      priced('pe', 'PE', 'SELL', 25900, 50),
      priced('pe-wing', 'PE', 'BUY', 25800, 20),
      priced('ce', 'CE', 'SELL', 26100, 50),
      priced('ce-wing', 'CE', 'BUY', 26200, 20),
    ],
  },
};
