import { QueuedSubscription } from '../../src/fanout/subscription.js';

describe('QueuedSubscription.deliverDirectly', () => {
  it('hands events to the direct taker only while a next() waits, and what it refuses to that next()', async () => {
    const subscription = new QueuedSubscription<number>(4, () => undefined);
    const taken: number[] = [];
    let accepting = true;
    subscription.deliverDirectly((event) => {
      if (accepting) taken.push(event);
      return accepting;
    });

    // Nothing waits: the event is queued, in order, and the taker never sees it.
    expect(subscription.offer(1)).toBe(true);
    expect(await subscription.next()).toEqual({ value: 1, done: false });
    expect(taken).toEqual([]);

    const waiting = subscription.next();
    expect(subscription.offer(2)).toBe(true);
    expect(subscription.offer(3)).toBe(true);
    expect(taken).toEqual([2, 3]);

    accepting = false;
    expect(subscription.offer(4)).toBe(true);
    expect(await waiting).toEqual({ value: 4, done: false });
    expect(subscription.offer(5)).toBe(true);
    expect(subscription.size).toBe(1);
    expect(taken).toEqual([2, 3]);
  });

  it('takes nothing once the subscription is closed', async () => {
    const subscription = new QueuedSubscription<number>(4, () => undefined);
    const taken: number[] = [];
    subscription.deliverDirectly((event) => taken.push(event) > 0);
    const waiting = subscription.next();
    subscription.close();
    expect(subscription.offer(1)).toBe(true);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(taken).toEqual([]);
  });
});
