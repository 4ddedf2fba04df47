import {
  GroupPayload,
  type BroadcastSubscription,
  type EventBroadcast,
} from '../../src/core/broadcast.js';
import { Delivery, type DeliverySink } from '../../src/core/delivery.js';
import { QueuedSubscription } from '../../src/fanout/subscription.js';

type Event = { n: number };

/** A delivery of a queue's events whose payload is `{"n":…}`, or a throw for event 0. */
function delivering() {
  const source = new QueuedSubscription<Event>({
    backlog: { capacity: 8, catchUpMs: 60_000 },
    onEnd: () => undefined,
    onTooSlow: () => undefined,
  });
  const broadcast = {
    payload: (event: Event) => {
      if (event.n === 0) throw new Error('no payload');
      return new GroupPayload(JSON.stringify(event));
    },
  } as unknown as EventBroadcast;
  const written: string[] = [];
  const ended: unknown[] = [];
  const sink: DeliverySink = {
    isOpen: () => true,
    isBehind: () => false,
    write: (payload) => written.push(payload.json),
    ended: (error) => ended.push(error ?? 'done'),
  };
  const delivery = new Delivery(source, {} as BroadcastSubscription, broadcast);
  delivery.start(sink);
  return { source, delivery, written, ended };
}

describe("Delivery: its sink's end", () => {
  it('is told once, a microtask after its events ran out', async () => {
    const { source, written, ended } = delivering();
    source.offer({ n: 1 });
    source.close();
    expect(ended).toEqual([]);
    await Promise.resolve();
    expect(written).toEqual(['{"n":1}']);
    expect(ended).toEqual(['done']);
  });

  it('is told the error of an event that could not be delivered', async () => {
    const { source, ended } = delivering();
    // Taken directly, a refused event goes the queued way, whose failure ends the delivery.
    source.offer({ n: 0 });
    await Promise.resolve();
    expect(ended).toEqual([new Error('no payload')]);
  });

  it('is told once when the delivery is returned', async () => {
    const { delivery, ended } = delivering();
    await delivery.return();
    await delivery.return();
    await Promise.resolve();
    expect(ended).toEqual(['done']);
  });
});
