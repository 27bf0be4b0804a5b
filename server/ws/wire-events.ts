import type { ServerEvent } from '../../contracts/events.ts';
import type { GroupSnapshot } from '../../runtime/positions/snapshot.ts';
import type { GroupView } from '../../runtime/positions/types.ts';
import type { HostEvent } from '../engine/event-publisher.ts';
import { orderView } from '../views/order-view.ts';

/**
 * An engine event as `/ws` sends it (contracts/events.ts): the order and the group as REST shows them,
 * rupees and ISO order times, never the engine's paise. Made at the edge, once per event and only when
 * someone is subscribed to it, so the engine's hot path pays nothing for it.
 */
export function wireEvent(event: HostEvent, groupView: (snapshot: GroupSnapshot) => GroupView): ServerEvent {
  switch (event.type) {
    case 'order.updated':
      return { type: event.type, data: { deploymentId: event.data.deploymentId, order: orderView(event.data.order) } };
    case 'position.updated':
      return { type: event.type, data: { ...event.data, group: groupView(event.data.group) } };
    default:
      return { type: event.type, data: event.data } as ServerEvent;
  }
}
