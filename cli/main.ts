import { writeFileSync } from 'node:fs';
import { MarketError } from '../runtime/market/market-error.ts';
import { calendarCommand } from './calendar-command.ts';
import { CliError } from './cli-error.ts';
import { nodeReference } from './docs-command.ts';
import { backtestCommand } from './backtest-command.ts';
import { runCommand } from './run-command.ts';
import { usersCommand } from './users-command.ts';
import { validateCommand, type CommandIO } from './validate-command.ts';

export const HELP = `legflow: build, test and run options strategies as node graphs

Usage:
  legflow validate <graph.json> [--json]
      Check a graph and print every problem; exit 1 if there is any.
  legflow run <graph.json> --signal <file|json> [--at <ISO time>] [--seed <n>] [--ticks <n>] [--tick-seconds <s>]
      Send one signal through the graph on a virtual clock, against the SIM broker and the seeded synthetic
      market, then play --ticks market ticks (default 0, one every --tick-seconds, default 60) so stops,
      targets and square-off can fire. Prints one JSON object: trace, orders, positions, events.
      --at defaults to 10:00 IST on the next trading day. A signal without "source" is taken to come from
      the source the graph listens with on its channel.
  legflow backtest <graph.json> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--signals <file> | --journal <deployment-id> [--store <dir>]]
      [--seed <n>] [--capital <rupees>] [--json] [--trades-csv <file>] [--days-csv <file>]
      [--sweep <node.param=v1,v2,…> … [--threads <n>]]
      [--data <bars.csv> [--data-format csv|amibroker] [--symbol NIFTY] [--zone <IANA zone>] [--bars-stamped open|close]
       --vol <decimal> | --vol-file <vix.csv> [--vol-unit percent|decimal]]
      Run the graph over past trading sessions on a virtual clock, against the SIM broker and the seeded
      synthetic market, or the bars of --data (times in IST unless --zone; stamped at the bar's open unless
      --bars-stamped close), options priced by Black-Scholes from the bar close and the volatility you choose
      (--vol 0.14, or --vol-file with India VIX bars). --signals: a CSV of time,action[,channel][,price] or
      TradingView's "List of trades" export; --journal: the alerts a deployment really received over the
      range, from the journal in --store (default $LEGFLOW_DATA or ./data), replayed with this graph;
      schedule, price and position sources fire by themselves.
      Prints the summary (net P&L after charges, win rate, drawdown …); --json adds the trade log per leg,
      the day-wise P&L, the month × year, weekday and days-to-expiry tables and the equity and drawdown
      curves; --trades-csv and --days-csv write the trade log and the day-wise P&L as CSV. The same
      inputs give the same result byte for byte. --sweep (once per param, values as a JSON list without
      brackets: sl.stopLoss.value=20,25,30) runs every combination on --threads backtest threads (default:
      the machine's cores) and prints one line a run, and with two params a heatmap of net P&L.
  legflow calendar show [--json] [--data <dir>]
      How far the exchange holiday calendar reaches: each exchange's covered years, published or
      provisional, with their sources (the shipped list, with $LEGFLOW_DATA/holidays.json laid over it).
  legflow calendar load <file> [--exchange NSE|BSE] [--year <yyyy>] [--source <text>] [--data <dir>]
      Load an exchange's published holiday list (a CSV "date,description" with dates like 26-Jan-2027 or
      2027-01-26, NSE's holiday JSON, or a holidays.json) into $LEGFLOW_DATA/holidays.json (default
      ./data), marking that year published. The list is checked first (dates, weekdays, one year, no
      duplicates); a bad list writes nothing. Restart the server to use it. See docs/calendar.md.
  legflow users list [--json] | add <name> | disable <name> | enable <name> | reset-password <name> [--data <dir>]
      Manage users on the database in $LEGFLOW_DATA (default ./data), no sign-in needed: the way back in when
      the admin's password is lost. New passwords are generated and printed once (or read from stdin with
      --password-stdin). Disabling ends the user's sessions, deletes their API keys and marks their running
      deployments stopped; the editor's Users page and /api/users do the same and also act on a running server.
  legflow docs [<file>]
      Write the node reference (default docs/nodes.md) from the node catalogue.
  legflow start
      The Legflow server: REST API, webhooks, WebSocket and editor on PORT (default 8080) of HOST
      (default 127.0.0.1), data in LEGFLOW_DATA (default ./data). Same as npm start.
  legflow help
      This text.
`;

const defaultIO: CommandIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stderr.isTTY && { progress: (text: string) => process.stderr.write(`\r${text}\x1b[K`) }),
};

export async function main(argv: string[], io: CommandIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return validateCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'backtest':
        return await backtestCommand(rest, io, process.env);
      case 'calendar':
        return calendarCommand(rest, io, process.env);
      case 'users':
        return await usersCommand(rest, io, process.env);
      case 'docs': {
        const file = rest[0] ?? 'docs/nodes.md';
        writeFileSync(file, nodeReference());
        io.out(`wrote ${file}`);
        return 0;
      }
      case 'start': {
        const server = await import('../server/main.ts');
        return await server.main();
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      default:
        throw new CliError(`unknown command "${command}"; run "legflow help"`, 2);
    }
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`legflow: ${err.message}`);
      return err.exitCode;
    }
    // Market data a command could not use (a holidays file, a date past the calendar): its message says what to do.
    if (err instanceof MarketError) {
      io.err(`legflow: ${err.message}`);
      return 1;
    }
    // parseArgs reports unknown or malformed flags with a code; they are usage errors, not crashes.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`legflow: ${(err as Error).message}`);
      return 2;
    }
    throw err;
  }
}
