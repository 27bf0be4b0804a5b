import type { Order } from '../deployments/deployment-schemas.ts';
import { formatPrice, formatTime } from './format.ts';

/** The deployment's orders, newest first, as the broker reports them. */
export function OrdersTable({ orders }: { orders: readonly Order[] }) {
  return (
    <section className="lf-live-panel" aria-labelledby="orders-title">
      <h2 id="orders-title">Orders</h2>
      <table className="lf-table" data-testid="orders">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Symbol</th>
            <th scope="col">Side</th>
            <th scope="col">Qty</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Avg price</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td>{formatTime(o.createdAt)}</td>
              <td>{o.symbol}</td>
              <td className={o.side === 'BUY' ? 'is-buy' : 'is-sell'}>{o.side}</td>
              <td>
                {o.filledQty}/{o.qty}
              </td>
              <td>{o.type}</td>
              <td title={o.rejectReason ?? undefined}>
                <span className={`lf-status is-${o.status.toLowerCase()}`}>{o.status}</span>
              </td>
              <td>{formatPrice(o.avgFillPrice)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {orders.length === 0 && <p className="lf-muted">No order yet.</p>}
    </section>
  );
}
