import { z } from 'zod';
import { DEFAULT_SIM_CAPITAL } from '../runtime/broker/sim-broker.ts';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const isRealDate = (date: string) => new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;

/** `real`, or a replay from the previous trading day, a date's open, or an IST moment. */
const simClockSchema = z
  .string()
  .regex(/^(real|replay(:\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d)?)?)$/, 'use real, replay, replay:YYYY-MM-DD or replay:YYYY-MM-DDTHH:mm (IST)')
  .refine((v) => !v.startsWith('replay:') || isRealDate(v.slice(7, 17)), 'that date does not exist')
  .transform((v): SimClockSetting => {
    if (v === 'real') return { mode: 'real' };
    if (v === 'replay') return { mode: 'replay' };
    const [date, time] = v.slice(7).split('T') as [string, string | undefined];
    return { mode: 'replay', from: { date, ...(time ? { time } : {}) } };
  });

/** A comma-separated list of exact origins: scheme, host and port only, as a browser sends `Origin`. */
const allowedOriginsSchema = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
  )
  .pipe(
    z.array(
      z.string().refine((o) => {
        try {
          const url = new URL(o);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === o;
        } catch {
          return false;
        }
      }, 'each entry must be an origin such as https://legflow.example or http://localhost:5173 (scheme, host and port only: no path, no trailing slash, no "*")'),
    ),
  );

export type SimClockSetting = { mode: 'real' } | { mode: 'replay'; from?: { date: string; time?: string } };

/** Every setting the server reads from the environment, parsed once at boot. */
export const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    LEGFLOW_DATA: z.string().min(1).default('./data'),
    /** The admin's password on first start; generated and printed once when unset. */
    LEGFLOW_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    /** The URL traders paste into TradingView (behind a proxy, the public https address). */
    LEGFLOW_PUBLIC_URL: z.url().optional(),
    /**
     * Origins (`https://host[:port]`, comma-separated) besides the server's own whose pages may send
     * signed-in changes and open the WebSocket with the session cookie; the public URL's origin is allowed too.
     */
    LEGFLOW_ALLOWED_ORIGINS: allowedOriginsSchema.default([]),
    /**
     * The server key that seals stored secrets (API signing keys, channel secrets): 32 bytes as 64 hex
     * characters or base64. Unset: `<LEGFLOW_DATA>/secret.key`, made on first start.
     */
    LEGFLOW_SECRET_KEY: z
      .string()
      .regex(/^\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)\s*$/, 'must be 32 bytes as 64 hex characters or as base64 (44 characters)')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Same body on a channel within this many seconds is a duplicate alert. */
    LEGFLOW_DEDUPE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** Webhook requests per token per minute before 429. */
    LEGFLOW_WEBHOOK_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(120),
    /** Signed Python signals per API key per minute before 429. */
    LEGFLOW_SIGNAL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
    /** Accept TradingView webhooks only from TradingView's published addresses. */
    LEGFLOW_TV_ALLOWLIST: flag.default(false),
    /** Trust X-Forwarded-For from this many proxies in front of Legflow (express "trust proxy"). */
    LEGFLOW_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
    /** Milliseconds between SIM market steps. */
    LEGFLOW_TICK_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    /**
     * process: every acknowledged signal survives a crashed or killed process (WAL, no fsync per commit);
     * power: also a power cut (fsync per commit, ~7 ms per alert on an ordinary disk).
     */
    LEGFLOW_DURABILITY: z.enum(['process', 'power']).default('process'),
    /** Where hot-path writes commit: the main thread, or a thread of their own; unset, main.ts picks by core count. */
    LEGFLOW_WRITER: z.enum(['inline', 'thread']).optional(),
    /** Virtual capital of each new SIM account, rupees (an existing account keeps its own). */
    LEGFLOW_SIM_CAPITAL: z.coerce.number().min(10_000).max(1e11).default(DEFAULT_SIM_CAPITAL),
    /** Seed of the synthetic market. */
    LEGFLOW_SEED: z.coerce.number().int().min(0).default(1),
    /**
     * The SIM market's clock. `real`: the exchange's own hours (closed at night, at weekends and on holidays).
     * `replay`, `replay:YYYY-MM-DD` or `replay:YYYY-MM-DDTHH:mm` (IST): practise at any hour on trading
     * sessions only, from the previous trading day's open, that day's open, or that moment.
     */
    LEGFLOW_SIM_CLOCK: simClockSchema.default({ mode: 'real' }),
    /** Market seconds per real second while replaying, 1 to 60. */
    LEGFLOW_SIM_SPEED: z.coerce.number().min(1).max(60).default(1),
  })
  .refine((env) => env.LEGFLOW_SIM_CLOCK.mode === 'replay' || env.LEGFLOW_SIM_SPEED === 1, {
    path: ['LEGFLOW_SIM_SPEED'],
    message: 'only a replayed SIM clock (LEGFLOW_SIM_CLOCK=replay) runs faster than real time',
  });

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment or throws one error that names every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new EnvError(`Legflow cannot start: bad environment settings\n${lines.join('\n')}`);
}
