import { jest } from '@jest/globals';
import { QueuedSubscription } from '../../src/fanout/subscription.js';

/** Events a subscriber may leave untaken however long, and how long more may wait, in these tests. */
const CAPACITY = 4;
const CATCH_UP_MS = 1_000;

function queue(): QueuedSubscription<number> {
  return new QueuedSubscription<number>({
    backlog: { capacity: CAPACITY, catchUpMs: CATCH_UP_MS },
    onEnd: () => undefined,
    onTooSlow: () => undefined,
  });
}

describe('QueuedSubscription.deliverDirectly', () => {
  it('hands events to the direct taker only while a next() waits, and what it refuses to that next()', async () => {
    const subscription = queue();
    const taken: number[] = [];
    let accepting = true;
    subscription.deliverDirectly((event) => {
      if (accepting) taken.push(event);
      return accepting;
    });

    // Nothing waits: the event is queued, in order, and the taker never sees it.
    subscription.offer(1);
    expect(await subscription.next()).toEqual({ value: 1, done: false });
    expect(taken).toEqual([]);

    const waiting = subscription.next();
    subscription.offer(2);
    subscription.offer(3);
    expect(taken).toEqual([2, 3]);

    accepting = false;
    subscription.offer(4);
    expect(await waiting).toEqual({ value: 4, done: false });
    subscription.offer(5);
    expect(subscription.size).toBe(1);
    expect(taken).toEqual([2, 3]);
  });

  it('takes nothing once the subscription is closed', async () => {
    const subscription = queue();
    const taken: number[] = [];
    subscription.deliverDirectly((event) => taken.push(event) > 0);
    const waiting = subscription.next();
    subscription.close();
    subscription.offer(1);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(taken).toEqual([]);
  });
});

describe('QueuedSubscription: the slow-subscriber rule', () => {
  let ends: string[];

  function judged(): QueuedSubscription<number> {
    ends = [];
    return new QueuedSubscription<number>({
      backlog: { capacity: CAPACITY, catchUpMs: CATCH_UP_MS },
      onEnd: () => ends.push('end'),
      onTooSlow: () => ends.push('too slow'),
    });
  }

  /** Takes every event waiting now, as a subscriber that reads does. */
  function takeAll(subscription: QueuedSubscription<number>): number[] {
    const taken: number[] = [];
    while (subscription.size > 0) {
      const result = subscription.nextResult(() => undefined);
      if (result?.done === false) taken.push(result.value);
    }
    return taken;
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets a subscriber that takes a burst of any size in time keep it all, in order', () => {
    const subscription = judged();
    const burst = Array.from({ length: 1_000 }, (_, i) => i);
    for (const event of burst) subscription.offer(event);
    expect(subscription.size).toBe(1_000);
    jest.advanceTimersByTime(CATCH_UP_MS - 1);
    expect(takeAll(subscription)).toEqual(burst);
    jest.advanceTimersByTime(10 * CATCH_UP_MS);
    expect(ends).toEqual([]);
    // Caught up, it is timed afresh only when it falls behind again.
    for (const event of burst) subscription.offer(event);
    jest.advanceTimersByTime(CATCH_UP_MS - 1);
    expect(takeAll(subscription)).toHaveLength(1_000);
    jest.advanceTimersByTime(10 * CATCH_UP_MS);
    expect(ends).toEqual([]);
  });

  it('never ends a subscriber that leaves no more than the capacity untaken, however long', () => {
    const subscription = judged();
    for (let event = 0; event < CAPACITY; event += 1) subscription.offer(event);
    jest.advanceTimersByTime(24 * 60 * 60_000);
    expect(ends).toEqual([]);
    expect(subscription.size).toBe(CAPACITY);
  });

  it('ends a subscriber that takes nothing once more than the capacity has waited the catch-up time', async () => {
    const subscription = judged();
    for (let event = 0; event <= CAPACITY; event += 1) subscription.offer(event);
    jest.advanceTimersByTime(CATCH_UP_MS - 1);
    expect(ends).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(ends).toEqual(['end', 'too slow']);
    expect(subscription.size).toBe(0);
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a subscriber that reads, but slower than its events come, holding no more than its bound', () => {
    const subscription = judged();
    const tickMs = 50;
    /** When each event came, in order: the subscriber takes them in that order. */
    const arrivals: number[] = [];
    let taken = 0;
    let largest = 0;
    let lateSince: number | undefined;
    let now = 0;
    // Three events come every tick and it takes two: it falls one further behind each tick.
    for (; ends.length === 0; now += tickMs) {
      expect(now).toBeLessThan(20 * CATCH_UP_MS);
      for (let i = 0; i < 3; i += 1) subscription.offer(arrivals.push(now));
      for (let i = 0; i < 2; i += 1) if (subscription.nextResult(() => undefined)) taken += 1;
      largest = Math.max(largest, subscription.size);
      // Since when more than the capacity of its events have waited the catch-up time.
      const oldestBeyondCapacity = arrivals[taken + CAPACITY];
      if (oldestBeyondCapacity !== undefined && now - oldestBeyondCapacity >= CATCH_UP_MS) {
        lateSince ??= now;
      }
      jest.advanceTimersByTime(tickMs);
    }
    expect(ends).toEqual(['end', 'too slow']);
    expect(now - (lateSince ?? Infinity)).toBeLessThanOrEqual(CATCH_UP_MS + tickMs);
    // The capacity, and what came in the last two catch-up times.
    expect(largest).toBeLessThanOrEqual(CAPACITY + (3 * 2 * CATCH_UP_MS) / tickMs);
  });

  it('judges it on what it has taken, not on how much more came meanwhile', () => {
    const subscription = judged();
    for (let event = 0; event < 100; event += 1) subscription.offer(event);
    jest.advanceTimersByTime(CATCH_UP_MS / 2);
    // It took what waited at the check but the capacity; 100 more came meanwhile.
    for (let i = 0; i < 100 - CAPACITY; i += 1) subscription.nextResult(() => undefined);
    for (let event = 100; event < 200; event += 1) subscription.offer(event);
    jest.advanceTimersByTime(CATCH_UP_MS / 2);
    expect(ends).toEqual([]);
    // Of those, it then leaves more than the capacity for a whole check: too slow.
    jest.advanceTimersByTime(CATCH_UP_MS);
    expect(ends).toEqual(['end', 'too slow']);
  });

  it('stops timing a subscription that ends otherwise', () => {
    const subscription = judged();
    for (let event = 0; event <= CAPACITY; event += 1) subscription.offer(event);
    subscription.close();
    expect(jest.getTimerCount()).toBe(0);
    expect(ends).toEqual(['end']);
  });
});
