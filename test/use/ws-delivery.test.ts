import type { WebSocket } from 'ws';
import { QueuedSubscription } from '../../src/fanout/subscription.js';
import type { BroadcastSubscription, EventBroadcast } from '../../src/use/broadcast.js';
import { WriteCoalescer, deliverSubscription } from '../../src/use/ws-delivery.js';

type Event = { n: number };

/** A socket that records what is sent; `bufferedAmount` set by the test. */
function fakeSocket() {
  const sent: string[] = [];
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (frame: string, done?: () => void) => {
      sent.push(frame);
      done?.();
    },
  };
  return { socket, sent };
}

/** Payloads by event: a string, a promise the test settles, or a throw. */
function fakeBroadcast(payload: (event: Event) => string | Promise<string>): EventBroadcast {
  return { payload: (event: Event) => payload(event) } as unknown as EventBroadcast;
}

function start(payload: (event: Event) => string | Promise<string>) {
  const { socket, sent } = fakeSocket();
  const source = new QueuedSubscription<Event>(8, () => undefined);
  const ends: unknown[] = [];
  const handle = deliverSubscription({
    socket: socket as unknown as WebSocket,
    id: 'a',
    source,
    subscription: {} as BroadcastSubscription,
    broadcast: fakeBroadcast(payload),
    coalescer: new WriteCoalescer(),
    onEnd: (error) => ends.push(error ?? 'done'),
  });
  const payloads = () => sent.map((frame) => (JSON.parse(frame) as { payload: unknown }).payload);
  return { socket, source, handle, ends, payloads };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('deliverSubscription', () => {
  it('writes events in order, also when an earlier one resolves after a later one', async () => {
    let resolveFirst: (payload: string) => void = () => undefined;
    const first = new Promise<string>((resolve) => (resolveFirst = resolve));
    const { source, payloads } = start((event) => (event.n === 1 ? first : `${event.n}`));
    source.offer({ n: 1 });
    source.offer({ n: 2 });
    source.offer({ n: 3 });
    await settle();
    expect(payloads()).toEqual([]);
    resolveFirst('1');
    await settle();
    expect(payloads()).toEqual([1, 2, 3]);
    // Idle again: the next event goes out at once, from the offer itself.
    source.offer({ n: 4 });
    expect(payloads()).toEqual([1, 2, 3, 4]);
  });

  it('tells onEnd once when its events end, and on return()', async () => {
    const ended = start((event) => `${event.n}`);
    ended.source.close();
    await settle();
    expect(ended.ends).toEqual(['done']);

    const returned = start((event) => `${event.n}`);
    await returned.handle.return();
    await returned.handle.return();
    returned.source.offer({ n: 1 });
    expect(returned.ends).toEqual(['done']);
    expect(returned.payloads()).toEqual([]);
  });

  it('ends with the error when an event cannot be delivered', async () => {
    const failure = new Error('execution failed');
    const { source, ends, payloads } = start((event) => {
      if (event.n === 2) throw failure;
      return Promise.resolve(`${event.n}`);
    });
    source.offer({ n: 1 });
    source.offer({ n: 2 });
    await settle();
    expect(payloads()).toEqual([1]);
    expect(ends).toEqual([failure]);
    expect(source.offer({ n: 3 })).toBe(true);
    expect(source.size).toBe(0);
  });

  it('waits for a socket past its high-water mark while later events stay queued', async () => {
    const { socket, source, payloads } = start((event) => `${event.n}`);
    const sends: (() => void)[] = [];
    const send = socket.send;
    socket.send = (frame: string, done?: () => void) => {
      send(frame);
      if (done) sends.push(done);
    };
    socket.bufferedAmount = 1 << 20;
    source.offer({ n: 1 });
    source.offer({ n: 2 });
    await settle();
    expect(payloads()).toEqual([1]);
    expect(source.size).toBe(1);
    socket.bufferedAmount = 0;
    sends.shift()?.();
    await settle();
    expect(payloads()).toEqual([1, 2]);
    expect(source.size).toBe(0);
  });
});
