import type { OrderModification } from '../../runtime/broker/types.ts';
import { toPaise, toRupees } from '../../runtime/money.ts';

/** An order's modifications as every store keeps them: JSON text, prices in paise as every stored price is. */
export function storedModifications(list: readonly OrderModification[]): string {
  return JSON.stringify(list.map((m) => ({ time: m.time, type: m.type, pricePaise: m.price === null ? null : toPaise(m.price) })));
}

export function modificationsFromStored(text: string): OrderModification[] {
  const list = JSON.parse(text) as Array<{ time: number; type: OrderModification['type']; pricePaise: number | null }>;
  return list.map((m) => ({ time: m.time, type: m.type, price: m.pricePaise === null ? null : toRupees(m.pricePaise) }));
}
