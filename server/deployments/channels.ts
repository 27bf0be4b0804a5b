import type { AppContext } from '../context.ts';
import { randomToken } from '../ids.ts';
import { openChannelSecret, openChannelToken, sealChannelSecrets } from '../webhooks/secrets.ts';
import type { Plan } from '../../runtime/plan.ts';
import { tradingviewAlertMessage } from '../../runtime/tradingview-alert.ts';

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

/** The channels a graph listens on, creating the user's webhook token and secret for a new one (stored sealed). */
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
    let row = await ctx.storage.db.selectFrom('channels').selectAll().where('userId', '=', userId).where('channel', '=', channel).executeTakeFirst();
    if (!row) {
      const sealed = sealChannelSecrets(ctx.atRest, { token: randomToken(24), secret: randomToken(18) });
      await ctx.storage.db
        .insertInto('channels')
        .values({ ...sealed, userId, channel, createdAt: Date.now() })
        .onConflict((oc) => oc.columns(['userId', 'channel']).doNothing())
        .execute();
      row = await ctx.storage.db.selectFrom('channels').selectAll().where('userId', '=', userId).where('channel', '=', channel).executeTakeFirstOrThrow();
    }
    const secret = openChannelSecret(ctx.atRest, row);
    out.push({ channel, source, url: `${baseUrl}/hooks/tv/${openChannelToken(ctx.atRest, row)}`, secret, alertMessage: tradingviewAlertMessage(secret) });
  }
  return out;
}
