import { QueuedSubscription } from '../../src/fanout/subscription.js';

function queue(held = false): QueuedSubscription<number> {
  return new QueuedSubscription<number>({
    backlog: { capacity: 4, catchUpMs: 60_000 },
    onEnd: () => undefined,
    onTooSlow: () => undefined,
    held,
  });
}

describe('QueuedSubscription.nextResult', () => {
  it('returns a queued event at once, and otherwise calls back once one comes', () => {
    const subscription = queue();
    const called: IteratorResult<number, undefined>[] = [];
    subscription.offer(1);
    expect(subscription.nextResult((result) => called.push(result))).toEqual({
      value: 1,
      done: false,
    });
    expect(subscription.nextResult((result) => called.push(result))).toBeUndefined();
    subscription.offer(2);
    expect(called).toEqual([{ value: 2, done: false }]);
    subscription.offer(3);
    expect(called).toHaveLength(1);
    expect(subscription.size).toBe(1);
  });

  it('calls back with the end when the subscription closes, and returns it afterwards', () => {
    const subscription = queue();
    const called: IteratorResult<number, undefined>[] = [];
    expect(subscription.nextResult((result) => called.push(result))).toBeUndefined();
    subscription.close();
    expect(called).toEqual([{ value: undefined, done: true }]);
    expect(subscription.nextResult(() => undefined)).toEqual({ value: undefined, done: true });
  });

  it('hands a held subscription nothing until it is released, then the leading events first', () => {
    const subscription = queue(true);
    const called: IteratorResult<number, undefined>[] = [];
    subscription.offer(3);
    expect(subscription.nextResult((result) => called.push(result))).toBeUndefined();
    subscription.release([1, 2], () => false);
    expect(called).toEqual([{ value: 1, done: false }]);
    expect(subscription.nextResult(() => undefined)).toEqual({ value: 2, done: false });
    expect(subscription.nextResult(() => undefined)).toEqual({ value: 3, done: false });
  });
});
