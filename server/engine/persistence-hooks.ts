import type { Kernel } from '../../runtime/kernel/kernel.ts';
import type { TradingRecords } from '../storage/storage.ts';

/**
 * Saves what the kernel reports, at its `persist` points: every order and fill before the position manager
 * reacts to it, every group change before it is published (and before the next order goes out).
 */
export function persistKernel(kernel: Kernel, store: TradingRecords): void {
  kernel.hooks.on('broker:persist', (event) => {
    if (event.type === 'order') store.saveOrder(event.order);
    else if (event.type === 'fill') store.saveFill(event.fill);
  });
  kernel.hooks.on('group:persist', (group) => store.saveGroup(group, kernel.clock.now()));
}
