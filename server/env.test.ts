import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.ts';

describe('environment', () => {
  it('needs nothing: every setting has a default', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', LEGFLOW_DATA: './data', LEGFLOW_TV_ALLOWLIST: false, LEGFLOW_DURABILITY: 'process' });
  });

  it('reads numbers and flags from text', () => {
    expect(parseEnv({ PORT: '9000', LEGFLOW_TV_ALLOWLIST: 'true', LEGFLOW_TRUSTED_PROXIES: '1' })).toMatchObject({
      PORT: 9000,
      LEGFLOW_TV_ALLOWLIST: true,
      LEGFLOW_TRUSTED_PROXIES: 1,
    });
  });

  it('refuses SIM capital that is not a number or outside ₹10,000 to ₹10,000 crore', () => {
    for (const bad of ['lots', '-5', '5000', '1e12']) expect(() => parseEnv({ LEGFLOW_SIM_CAPITAL: bad })).toThrow(/LEGFLOW_SIM_CAPITAL/);
    expect(parseEnv({ LEGFLOW_SIM_CAPITAL: '2500000' }).LEGFLOW_SIM_CAPITAL).toBe(2_500_000);
  });

  it('reads LEGFLOW_ALLOWED_ORIGINS as exact origins and refuses anything else', () => {
    expect(parseEnv({}).LEGFLOW_ALLOWED_ORIGINS).toEqual([]);
    expect(parseEnv({ LEGFLOW_ALLOWED_ORIGINS: ' https://legflow.example, http://localhost:5173 ,' }).LEGFLOW_ALLOWED_ORIGINS).toEqual([
      'https://legflow.example',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'legflow.example', 'https://legflow.example/', 'https://legflow.example/app', 'ftp://legflow.example', 'https://a.example,null']) {
      expect(() => parseEnv({ LEGFLOW_ALLOWED_ORIGINS: bad }), bad).toThrow(/LEGFLOW_ALLOWED_ORIGINS.*must be an origin/);
    }
  });

  it('names every bad variable at once', () => {
    expect(() => parseEnv({ PORT: 'eighty', LEGFLOW_ADMIN_PASSWORD: 'short', LEGFLOW_PUBLIC_URL: 'not a url', LEGFLOW_TV_ALLOWLIST: 'maybe' })).toThrow(
      EnvError,
    );
    try {
      parseEnv({ PORT: '70000', LEGFLOW_ADMIN_PASSWORD: 'short', LEGFLOW_PUBLIC_URL: 'not a url' });
    } catch (err) {
      const message = (err as Error).message;
      for (const name of ['PORT', 'LEGFLOW_ADMIN_PASSWORD', 'LEGFLOW_PUBLIC_URL']) expect(message).toContain(name);
    }
  });

  it('legflow start refuses a bad setting with a clear message and exit 1', async () => {
    const run = promisify(execFile)(process.execPath, [join(import.meta.dirname, '..', 'bin', 'legflow.js'), 'start'], {
      env: { ...process.env, PORT: 'abc' },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/Legflow cannot start: bad environment settings\s+PORT:/) });
  });
});
