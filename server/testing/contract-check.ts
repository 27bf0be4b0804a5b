import type express from 'express';
import { responseContract } from '../../contracts/api.ts';
import { errorBody } from '../../contracts/common.ts';
import { ApiError } from '../http/api-error.ts';

/** One answer that broke its contract: which operation, and what was wrong. */
export interface ContractMismatch {
  operation: string;
  status: number;
  problems: string[];
}

/**
 * Holds every JSON answer of `app` to its contract (contracts/api.ts): a success to its operation's schema
 * and status, an error to the error body. A mismatch is recorded and answered as a 500 `contract_mismatch`
 * saying what was wrong, so the test that made the request fails on it. Returns the mismatches so far.
 */
export function checkResponses(app: express.Express): ContractMismatch[] {
  const mismatches: ContractMismatch[] = [];
  const json = app.response.json;
  app.response.json = function checkedJson(this: express.Response, body: unknown) {
    const mismatch = mismatchOf(this.req, this.statusCode, body);
    if (mismatch) {
      mismatches.push(mismatch);
      throw new ApiError(500, 'contract_mismatch', `${mismatch.operation} answered ${mismatch.status} against its contract: ${mismatch.problems.join('; ')}`, {
        ...mismatch,
      });
    }
    return json.call(this, body);
  };
  return mismatches;
}

function mismatchOf(req: express.Request, status: number, body: unknown): ContractMismatch | undefined {
  const declared = req.route as { path?: unknown } | undefined;
  const path = typeof declared?.path === 'string' ? `${req.baseUrl}${declared.path === '/' ? '' : declared.path}` : req.path;
  const operation = `${req.method} ${path}`;
  if (status >= 400) return problemsOf(operation, status, errorBody.safeParse(body));
  const contract = declared ? responseContract(req.method, path) : undefined;
  if (!contract) return { operation, status, problems: ['no contract for this operation in contracts/api.ts'] };
  if (contract.status !== status) return { operation, status, problems: [`status ${status}, the contract says ${contract.status}`] };
  return problemsOf(operation, status, contract.schema.safeParse(body));
}

function problemsOf(
  operation: string,
  status: number,
  parsed: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } },
): ContractMismatch | undefined {
  if (parsed.success) return undefined;
  const problems = (parsed.error?.issues ?? []).slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(answer)'}: ${i.message}`);
  return { operation, status, problems };
}
