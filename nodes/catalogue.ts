/** Every node type Legflow ships, in palette order (sources → transforms → legs → risk → execution). */
import { createRegistry } from '../runtime/registry.ts';
import type { AnyNodeDefinition } from '../runtime/node-contract.ts';
import { enterExec } from './exec/enter.ts';
import { exitExec } from './exec/exit.ts';
import { notifyExec } from './exec/notify.ts';
import { futureLeg } from './legs/future.ts';
import { optionLeg } from './legs/option.ts';
import { strategyLegs } from './legs/strategy.ts';
import { combinedRisk } from './risk/combined.ts';
import { legRisk } from './risk/leg.ts';
import { limitsRisk } from './risk/limits.ts';
import { squareOffRisk } from './risk/square-off.ts';
import { manualSource } from './source/manual.ts';
import { positionSource } from './source/position.ts';
import { priceSource } from './source/price.ts';
import { pythonSource } from './source/python.ts';
import { scheduleSource } from './source/schedule.ts';
import { tradingviewSource } from './source/tradingview.ts';
import { conditionTransform } from './transform/condition.ts';
import { dedupeTransform } from './transform/dedupe.ts';
import { delayTransform } from './transform/delay.ts';
import { pythonTransform } from './transform/python.ts';
import { setTransform } from './transform/set.ts';
import { switchTransform } from './transform/switch.ts';
import { timeWindowTransform } from './transform/time-window.ts';

export const catalogue: readonly AnyNodeDefinition[] = [
  tradingviewSource,
  pythonSource,
  scheduleSource,
  manualSource,
  priceSource,
  positionSource,
  conditionTransform,
  switchTransform,
  setTransform,
  timeWindowTransform,
  dedupeTransform,
  delayTransform,
  pythonTransform,
  optionLeg,
  strategyLegs,
  futureLeg,
  legRisk,
  combinedRisk,
  limitsRisk,
  squareOffRisk,
  enterExec,
  exitExec,
  notifyExec,
];

export const registry = createRegistry(catalogue);
