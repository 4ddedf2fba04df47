import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { QueuedSubscription } from '../../src/fanout/subscription.js';
import {
  GroupPayload,
  type BroadcastSubscription,
  type EventBroadcast,
} from '../../src/use/broadcast.js';
import { WriteCoalescer, deliverSubscription } from '../../src/use/ws-delivery.js';
import { textFrameData } from '../../src/use/ws-frame.js';

type Event = { n: number };

/**
 * A connection whose TCP socket records the text of each frame written; `writableLength` set by
 * the test, and each write's callback called at once unless `holdWrites` keeps it.
 */
function fakeSocket() {
  const sent: string[] = [];
  const held: (() => void)[] = [];
  const tcp = {
    writableLength: 0,
    holdWrites: false,
    cork: () => undefined,
    uncork: () => undefined,
    write: (frame: Buffer, done?: () => void) => {
      sent.push(textFrameData(frame).toString());
      if (!done) return;
      if (tcp.holdWrites) held.push(done);
      else done();
    },
  };
  const socket = { OPEN: 1, readyState: 1, _socket: tcp };
  return { socket, tcp, sent, held };
}

/** Payloads by event: a JSON text, a promise of one the test settles, or a throw. */
function fakeBroadcast(payload: (event: Event) => string | Promise<string>): EventBroadcast {
  return {
    payload: (event: Event) => {
      const json = payload(event);
      return typeof json === 'string'
        ? new GroupPayload(json)
        : json.then((text) => new GroupPayload(text));
    },
  } as unknown as EventBroadcast;
}

function start(payload: (event: Event) => string | Promise<string>) {
  const { socket, tcp, sent, held } = fakeSocket();
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
  return { tcp, held, source, handle, ends, payloads };
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
    const { tcp, held, source, payloads } = start((event) => `${event.n}`);
    tcp.holdWrites = true;
    tcp.writableLength = 1 << 20;
    source.offer({ n: 1 });
    source.offer({ n: 2 });
    await settle();
    expect(payloads()).toEqual([1]);
    expect(source.size).toBe(1);
    tcp.writableLength = 0;
    held.shift()?.();
    await settle();
    expect(payloads()).toEqual([1, 2]);
    expect(source.size).toBe(0);
  });
});

describe('WriteCoalescer', () => {
  /** A TCP socket that logs its writes, corks and uncorks. */
  function loggingSocket(name: string, log: string[]) {
    const socket = {
      cork: () => log.push(`${name} cork`),
      uncork: () => log.push(`${name} uncork`),
      write: (frame: Buffer) => log.push(`${name} ${frame.toString()}`),
    };
    return socket as unknown as Socket;
  }

  it('corks each socket at its first frame in a tick and uncorks them all after it', async () => {
    const log: string[] = [];
    const coalescer = new WriteCoalescer();
    const a = loggingSocket('a', log);
    const b = loggingSocket('b', log);
    coalescer.write(a, Buffer.from('1'));
    coalescer.write(b, Buffer.from('1'));
    coalescer.write(a, Buffer.from('2'));
    expect(log).toEqual(['a cork', 'a 1', 'b cork', 'b 1', 'a 2']);
    await settle();
    expect(log.slice(5)).toEqual(['a uncork', 'b uncork']);

    // A new tick corks again.
    coalescer.write(b, Buffer.from('2'));
    await settle();
    expect(log.slice(7)).toEqual(['b cork', 'b 2', 'b uncork']);
  });
});
