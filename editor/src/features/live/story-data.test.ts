import { describe, expect, it } from 'vitest';
import { groupListSchema, orderListSchema, signalListSchema } from '../deployments/deployment-schemas.ts';
import { closedGroup, openGroup, storyOrders, storySignals } from './story-data.ts';

// The stories show what the server sends: data its contracts refuse would show panels no trader sees.
describe('the live panels’ story data', () => {
  it('is what the server’s contracts accept', () => {
    expect(signalListSchema.safeParse(storySignals).error).toBeUndefined();
    expect(orderListSchema.safeParse(storyOrders).error).toBeUndefined();
    expect(groupListSchema.safeParse([closedGroup, openGroup]).error).toBeUndefined();
  });
});
