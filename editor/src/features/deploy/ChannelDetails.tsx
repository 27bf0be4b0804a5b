import type { Channel } from '../deployments/deployment-schemas.ts';
import { CopyField } from './CopyField.tsx';

/** What to paste where: per TradingView channel the webhook URL, secret and alert message; per Python channel its endpoint. */
export function ChannelDetails({ channels }: { channels: readonly Channel[] }) {
  if (channels.length === 0) return <p className="lf-muted">This graph listens on no webhook: it starts from a schedule, a button or its own positions.</p>;
  return (
    <>
      {channels.map((c) => (
        <section key={`${c.source}:${c.channel}`} className="lf-channel" aria-label={`Channel ${c.channel}`}>
          <h3>
            {c.source === 'tradingview' ? 'TradingView' : c.source === 'python' ? 'Python' : c.source} · channel <code>{c.channel}</code>
          </h3>
          {c.source === 'tradingview' ? (
            <>
              <CopyField label="Webhook URL" value={c.url} />
              {c.secret !== undefined && <CopyField label="Secret" value={c.secret} />}
              {c.alertMessage !== undefined && <CopyField label="Alert message" value={c.alertMessage} multiline />}
              <p className="lf-muted">
                In TradingView: paste the URL under Notifications → Webhook URL, and the alert message as the message. The message carries the secret; keep it
                private.
              </p>
            </>
          ) : (
            <>
              <CopyField label="Endpoint" value={c.url} />
              <p className="lf-muted">Send signed signals here with channel “{c.channel}” from the legflow Python client and an API key.</p>
            </>
          )}
        </section>
      ))}
    </>
  );
}
