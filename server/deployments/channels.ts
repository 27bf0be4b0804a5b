import type { AppContext } from '../context.ts';
import { randomToken } from '../ids.ts';
import type { Plan } from '../../runtime/plan.ts';

export interface ChannelInfo {
  channel: string;
  source: string;
  /** Where to send: the TradingView webhook URL, or the Python endpoint. */
  url: string;
  /** TradingView only: goes in the alert message. */
  secret?: string;
  /** TradingView only: the message to paste into the alert, secret included. */
  alertMessage?: string;
}

/**
 * The alert message DESIGN.md fixes: TradingView fills the placeholders, numbers arrive quoted and are
 * coerced. `action` follows the strategy's order; a graph that routes ENTRY/EXIT needs those words instead.
 */
export function alertMessage(secret: string): string {
  return JSON.stringify({
    secret,
    action: '{{strategy.order.action}}',
    symbol: '{{ticker}}',
    price: '{{close}}',
    qty: '{{strategy.order.contracts}}',
    position: '{{strategy.market_position}}',
    time: '{{timenow}}',
    id: '{{strategy.order.id}}',
  });
}

/** The channels a graph listens on, creating the user's webhook token and secret for a new one. */
export async function channelsFor(ctx: AppContext, userId: string, plan: Plan, baseUrl: string): Promise<ChannelInfo[]> {
  const out: ChannelInfo[] = [];
  const seen = new Set<string>();
  for (const { source, channel } of plan.channels) {
    const key = `${source}\u0000${channel}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (source !== 'tradingview') {
      out.push({ channel, source, url: `${baseUrl}/api/v1/signals` });
      continue;
    }
    let row = await ctx.db.selectFrom('channels').selectAll().where('userId', '=', userId).where('channel', '=', channel).executeTakeFirst();
    if (!row) {
      row = { token: randomToken(24), userId, channel, secret: randomToken(18), createdAt: Date.now() };
      await ctx.db.insertInto('channels').values(row).onConflict((oc) => oc.columns(['userId', 'channel']).doNothing()).execute();
      row = await ctx.db.selectFrom('channels').selectAll().where('userId', '=', userId).where('channel', '=', channel).executeTakeFirstOrThrow();
    }
    out.push({ channel, source, url: `${baseUrl}/hooks/tv/${row.token}`, secret: row.secret, alertMessage: alertMessage(row.secret) });
  }
  return out;
}
