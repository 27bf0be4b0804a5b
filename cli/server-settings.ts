import { EnvError, parseEnv } from '../server/env.ts';
import { CliError } from './cli-error.ts';

/** The server's settings from the environment, a bad one answered as the CLI's one-line error. */
export function serverSettings(env: NodeJS.ProcessEnv): ReturnType<typeof parseEnv> {
  try {
    return parseEnv(env);
  } catch (err) {
    if (err instanceof EnvError) throw new CliError(err.message);
    throw err;
  }
}
