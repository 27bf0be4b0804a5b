/**
 * The whole HTTP API's answers, one entry per operation (`METHOD /path` as the router declares it): the
 * OpenAPI document is rendered from this table, the server's tests hold every answer to it, and clients parse
 * with the same schemas. An operation answering 204 has no body and no entry.
 */
import { z } from 'zod';
import * as auth from './auth.ts';
import * as backtests from './backtests.ts';
import { errorBody } from './common.ts';
import * as deployments from './deployments.ts';
import * as graphs from './graphs.ts';
import * as market from './market.ts';
import * as meta from './meta.ts';
import * as trading from './trading.ts';
import * as workers from './workers.ts';

/**
 * Names for the OpenAPI document's components: a schema listed here is rendered once and referenced
 * (`#/components/schemas/<name>`) wherever an answer holds it.
 */
export const contractNames = z.registry<{ id: string; description?: string }>();
const named: Array<[z.ZodType, string]> = [
  [errorBody, 'Error'],
  [auth.signedInUser, 'SignedInUser'],
  [auth.apiKeyInfo, 'ApiKey'],
  [auth.managedUser, 'ManagedUser'],
  [graphs.graphSummary, 'GraphSummary'],
  [graphs.storedGraph, 'StoredGraph'],
  [graphs.problem, 'Problem'],
  [graphs.runRecord, 'RunRecord'],
  [graphs.traceStep, 'TraceStep'],
  [deployments.deploymentSummary, 'DeploymentSummary'],
  [deployments.deployment, 'Deployment'],
  [deployments.signalRow, 'SignalRow'],
  [deployments.signalDetail, 'Signal'],
  [deployments.signalAccepted, 'SignalAccepted'],
  [backtests.backtestJobSummary, 'BacktestJobSummary'],
  [backtests.backtestJob, 'BacktestJob'],
  [backtests.backtestResult, 'BacktestResult'],
  [trading.order, 'Order'],
  [trading.positionGroup, 'PositionGroup'],
  [trading.positionGroupWithMarket, 'PositionGroupWithMarket'],
  [trading.netPosition, 'NetPosition'],
  [trading.positionTotals, 'PositionTotals'],
  [trading.account, 'Account'],
  [market.quote, 'Quote'],
  [market.optionChain, 'OptionChain'],
  [market.marketClock, 'MarketClock'],
  [meta.nodeType, 'NodeType'],
  [meta.templateSummary, 'TemplateSummary'],
];
for (const [schema, id] of named) contractNames.add(schema, { id });

/**
 * WebSocket frames, which no HTTP operation answers with: the OpenAPI document carries them among its
 * components all the same, by these names, so that clients can be held to them as to the answers.
 */
export const WEBSOCKET_FRAMES: Array<[z.ZodType, string]> = [
  [workers.workerWelcomeFrame, 'WorkerWelcome'],
  [workers.workerRegisteredFrame, 'WorkerRegistered'],
  [workers.workerCallFrame, 'WorkerCall'],
  [workers.callMessage, 'WorkerCallMessage'],
  [workers.workerPongFrame, 'WorkerPong'],
  [workers.workerErrorFrame, 'WorkerError'],
  [workers.workerRegisterFrame, 'WorkerRegister'],
  [workers.workerResultFrame, 'WorkerResult'],
  [workers.workerRaisedFrame, 'WorkerRaised'],
  [workers.workerPingFrame, 'WorkerPing'],
];
for (const [schema, id] of WEBSOCKET_FRAMES) contractNames.add(schema, { id });

/**
 * `GET /api/positions` answers in two shapes, each with its name: the account's net positions per symbol,
 * or, with `deploymentId`, that deployment's position groups (a page).
 */
contractNames.add(trading.netPositionList, { id: 'NetPositions', description: 'Without deploymentId: your SIM accounts’ net positions per symbol' });
contractNames.add(trading.positionGroupList, { id: 'PositionGroups', description: 'With deploymentId: its position groups, a page, oldest first' });
export const positionsAnswer = z.union([trading.netPositionList, trading.positionGroupList]);

export interface ResponseContract {
  /** The success status. */
  status: number;
  schema: z.ZodType;
}

const ok = (schema: z.ZodType, status = 200): ResponseContract => ({ status, schema });

export const API_RESPONSES: Record<string, ResponseContract> = {
  'post /api/auth/login': ok(auth.meAnswer),
  'get /api/auth/me': ok(auth.meAnswer),
  'post /api/keys': ok(auth.createdApiKey, 201),
  'get /api/keys': ok(auth.apiKeyList),
  'get /api/users': ok(auth.managedUserList),
  'post /api/users': ok(auth.userWithPassword, 201),
  'post /api/users/:id/disable': ok(auth.disabledUser),
  'post /api/users/:id/enable': ok(auth.enabledUser),
  'post /api/users/:id/password': ok(auth.userWithPassword),
  'post /api/graphs': ok(graphs.createdGraph, 201),
  'get /api/graphs': ok(graphs.graphList),
  'get /api/graphs/:id': ok(graphs.storedGraph),
  'put /api/graphs/:id': ok(graphs.savedGraph),
  'post /api/graphs/:id/validate': ok(graphs.validation),
  'post /api/graphs/:id/publish': ok(graphs.published, 201),
  'get /api/graphs/:id/versions': ok(graphs.versionList),
  'get /api/graphs/:id/versions/:version': ok(graphs.publishedVersion),
  'post /api/graphs/:id/test': ok(graphs.runRecord),
  'post /api/deployments': ok(deployments.deployment, 201),
  'get /api/deployments': ok(deployments.deploymentList),
  'get /api/deployments/:id': ok(deployments.deployment),
  'post /api/deployments/:id/start': ok(deployments.deployment),
  'post /api/deployments/:id/stop': ok(deployments.deployment),
  'post /api/deployments/:id/squareoff': ok(deployments.deployment),
  'post /api/deployments/:id/manual': ok(deployments.signalAccepted),
  'get /api/deployments/:id/history': ok(deployments.deploymentHistory),
  'post /api/backtests': ok(backtests.backtestJob, 202),
  'get /api/backtests': ok(backtests.backtestJobList),
  'get /api/backtests/:id': ok(backtests.backtestJob),
  'post /api/backtests/:id/cancel': ok(backtests.backtestJob),
  'get /api/signals': ok(deployments.signalList),
  'get /api/signals/:id': ok(deployments.signalDetail),
  'post /api/v1/signals': ok(deployments.signalSent),
  'post /hooks/tv/:token': ok(deployments.signalAccepted),
  'get /api/orders': ok(trading.orderList),
  'get /api/positions': ok(positionsAnswer),
  'get /api/positions/totals': ok(trading.positionTotals),
  'get /api/accounts': ok(trading.accountList),
  'patch /api/accounts/:id': ok(trading.accountLimit),
  'get /api/market/quote': ok(market.quote),
  'get /api/market/instrument': ok(market.instrument),
  'post /api/market/expiries': ok(market.expiries),
  'get /api/market/chain': ok(market.optionChain),
  'get /api/market/calendar': ok(market.calendar),
  'get /api/market/clock': ok(market.marketClock),
  'get /api/health': ok(meta.health),
  'get /api/node-types': ok(meta.nodeTypeList),
  'get /api/templates': ok(meta.templateList),
  'get /api/templates/:id': ok(meta.template),
  'get /api/openapi.json': ok(meta.openApiDocument),
};

/** The contract of an operation (`method` lower case, `path` as declared, e.g. `/api/graphs/:id`). */
export function responseContract(method: string, path: string): ResponseContract | undefined {
  return API_RESPONSES[`${method.toLowerCase()} ${path}`];
}
