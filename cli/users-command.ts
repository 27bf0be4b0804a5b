import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { disableUser, enableUser, generatePassword, listUsers, resetPassword, type UserView } from '../server/auth/user-admin.ts';
import { createUser } from '../server/auth/users.ts';
import { openSqliteStorage } from '../server/db/sqlite-storage.ts';
import { ApiError } from '../server/http/api-error.ts';
import { CliError } from './cli-error.ts';
import { serverSettings } from './server-settings.ts';
import type { CommandIO } from './validate-command.ts';

const USAGE = `usage: legflow users list [--json] [--data <dir>]
       legflow users add <username> [--password-stdin] [--data <dir>]
       legflow users disable <username> [--data <dir>]
       legflow users enable <username> [--data <dir>]
       legflow users reset-password <username> [--password-stdin] [--data <dir>]`;

/** Said after a change a running server only partly sees: it reads sessions and keys per request, not sockets. */
const RUNNING_SERVER_NOTE = 'A running server sees this at their next request; restart it, or use the editor or the API, to also close their open WebSockets';

/**
 * `legflow users …`: the administrator's user management on the database in $LEGFLOW_DATA, with no server
 * and no sign-in (whoever can write the data folder already owns everything in it). It is the way back in
 * when the admin's password is lost. Passwords are generated and printed once, or read from stdin, never
 * taken as an argument (which shell history and the process list would keep).
 */
export async function usersCommand(
  argv: string[],
  io: CommandIO,
  env: NodeJS.ProcessEnv,
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): Promise<number> {
  const [sub, ...rest] = argv;
  const { positionals, values } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, data: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const named = positionals.length === 1 ? positionals[0]! : undefined;
  const known = sub === 'list' ? positionals.length === 0 : ['add', 'disable', 'enable', 'reset-password'].includes(sub ?? '') && named !== undefined;
  if (!known) throw new CliError(USAGE, 2);
  const password = () => (values['password-stdin'] ? firstLine(readStdin()) : generatePassword());

  const dataDir = values.data ?? env.LEGFLOW_DATA ?? './data';
  if (!existsSync(join(dataDir, 'legflow.db')))
    throw new CliError(`there is no Legflow database in ${dataDir}: start the server once (it creates the admin), or pass --data <dir>`);
  const settings = serverSettings(env);
  const storage = await openSqliteStorage(dataDir, { durability: settings.LEGFLOW_DURABILITY, writer: 'inline' });
  const { db } = storage;
  try {
    switch (sub) {
      case 'list': {
        const users = await listUsers(db);
        if (values.json) io.out(JSON.stringify(users, null, 2));
        else for (const u of users) io.out(describe(u));
        return 0;
      }
      case 'add': {
        const chosen = password();
        const user = await createUser({ storage, env: settings }, named!, chosen, null);
        io.out(`Created ${user.username}, with a SIM account.`);
        if (!values['password-stdin']) io.out(`Password (shown once): ${chosen}`);
        return 0;
      }
      case 'disable': {
        const { user, stoppedDeployments, deletedApiKeys } = await disableUser(db, { username: named! }, null);
        io.out(
          `Disabled ${user.username}: sessions ended, ${plural(deletedApiKeys.length, 'API key')} deleted, ${plural(stoppedDeployments.length, 'running deployment')} marked stopped.`,
        );
        io.out(`${RUNNING_SERVER_NOTE} and stop the deployments it is running.`);
        return 0;
      }
      case 'enable': {
        const user = await enableUser(db, { username: named! }, null);
        io.out(`Enabled ${user.username}: they can sign in with their password again (their API keys stay deleted, their deployments stopped).`);
        return 0;
      }
      default: {
        const chosen = password();
        const user = await resetPassword(db, { username: named! }, chosen, null);
        io.out(`Reset the password of ${user.username}; their sessions have ended.`);
        if (!values['password-stdin']) io.out(`New password (shown once): ${chosen}`);
        io.out(`${RUNNING_SERVER_NOTE}.`);
        return 0;
      }
    }
  } catch (err) {
    // The same checks as the API's (a taken name, a short password, the admin), said as one line.
    if (err instanceof ApiError) throw new CliError(err.message);
    throw err;
  } finally {
    await storage.close();
  }
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new CliError('--password-stdin: stdin is empty; send the password as its first line');
  return line;
}

function describe(u: UserView): string {
  const status = u.disabledAt === null ? 'active' : `disabled ${new Date(u.disabledAt).toISOString()}`;
  return `${u.username.padEnd(32)}  ${u.admin ? 'admin ' : 'user  '}  ${status}  (created ${new Date(u.createdAt).toISOString().slice(0, 10)}, id ${u.id})`;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
