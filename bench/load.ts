import autocannon from 'autocannon';
import { quantile } from './table.ts';

export interface LoadResult {
  /** Answers received, any status. */
  answers: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Seconds the load ran. */
  seconds: number;
  /** Reply latency of the 2xx answers, ms, to the microsecond (autocannon's own histogram rounds to whole ms). */
  p50: number;
  p99: number;
  max: number;
}

let counter = 0;

/**
 * POSTs TradingView alerts (ENTRY and EXIT alternating, each body unique so none is a duplicate) over
 * `connections` keep-alive connections, each sending its next alert when the last is answered.
 */
export async function postAlerts(url: string, secret: string, connections: number, opts: { duration: number; overallRate?: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url,
    method: 'POST',
    connections,
    duration: opts.duration,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    headers: { 'content-type': 'text/plain' },
    requests: [
      {
        setupRequest: (req) => {
          const n = counter++;
          return { ...req, body: JSON.stringify({ secret, action: n % 2 === 0 ? 'ENTRY' : 'EXIT', price: '25900.5', n }) };
        },
      },
    ],
  };
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: unknown, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  return {
    answers: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    seconds: r.duration,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.length ? latencies.reduce((a, b) => Math.max(a, b)) : Number.NaN,
  };
}
