import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  GroupPayload,
  type BroadcastSubscription,
  type EventBroadcast,
} from '../../src/core/broadcast.js';
import { Delivery } from '../../src/core/delivery.js';
import { QueuedSubscription } from '../../src/fanout/subscription.js';
import { WebSocketSink, WriteCoalescer } from '../../src/use/ws-delivery.js';
import { textFrame, textFrameData } from '../../src/use/ws-frame.js';
import { CoalescingWebSocket } from '../../src/use/ws-internals.js';

type Event = { n: number };

/**
 * An open connection whose TCP socket records the text of each frame written and how many frames
 * each system call would carry (a write, or the writes between a cork and its uncork);
 * `writableLength` set by the test, and each write's callback called at once unless `holdWrites`
 * keeps it.
 */
function fakeSocket() {
  const sent: string[] = [];
  const writes: number[] = [];
  const held: (() => void)[] = [];
  let corked: number | undefined;
  const tcp = {
    writableLength: 0,
    holdWrites: false,
    cork: () => (corked = 0),
    uncork: () => {
      writes.push(corked as number);
      corked = undefined;
    },
    write: (frame: Buffer, done?: () => void) => {
      sent.push(textFrameData(frame).toString());
      if (corked === undefined) writes.push(1);
      else corked += 1;
      if (!done) return;
      if (tcp.holdWrites) held.push(done);
      else done();
    },
  };
  // As `ws`'s server makes a connection's socket, before it sets the TCP socket.
  const ServerSide = CoalescingWebSocket as unknown as new (
    address: null,
    protocols: undefined,
    options: { autoPong: boolean },
  ) => CoalescingWebSocket;
  const socket = Object.assign(new ServerSide(null, undefined, { autoPong: true }), {
    _socket: tcp,
    _readyState: WebSocket.OPEN,
  });
  return { socket, tcp, sent, writes, held };
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
  const { socket, tcp, sent, writes, held } = fakeSocket();
  const source = new QueuedSubscription<Event>({
    backlog: { capacity: 8, catchUpMs: 60_000 },
    onEnd: () => undefined,
    onTooSlow: () => undefined,
  });
  const ends: unknown[] = [];
  const handle = new Delivery(source, {} as BroadcastSubscription, fakeBroadcast(payload));
  handle.start(new WebSocketSink(socket, 'a', new WriteCoalescer()));
  // As graphql-ws awaits the delivery's end.
  handle.next().then(
    () => ends.push('done'),
    (error: unknown) => ends.push(error),
  );
  const payloads = () => sent.map((frame) => (JSON.parse(frame) as { payload: unknown }).payload);
  return { tcp, held, writes, source, handle, ends, payloads };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Lets pending promises settle and the writes they made in the tick be flushed after it. */
const settle = async () => {
  await tick();
  await tick();
};

describe('Delivery to a WebSocket', () => {
  it('writes events in order, also when an earlier one resolves after a later one', async () => {
    let resolveFirst: (payload: string) => void = () => undefined;
    const first = new Promise<string>((resolve) => (resolveFirst = resolve));
    const { source, payloads, writes } = start((event) => (event.n === 1 ? first : `${event.n}`));
    source.offer({ n: 1 });
    source.offer({ n: 2 });
    source.offer({ n: 3 });
    await settle();
    expect(payloads()).toEqual([]);
    resolveFirst('1');
    await settle();
    expect(payloads()).toEqual([1, 2, 3]);
    // Written in one tick: one write.
    expect(writes).toEqual([3]);
    // Idle again: the next event is taken at once, from the offer itself, and written after the tick.
    source.offer({ n: 4 });
    expect(source.size).toBe(0);
    await tick();
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
    // Ended, the subscription drops what it is offered.
    source.offer({ n: 3 });
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
  it("holds a tick's frames and writes each socket's with one write after it", async () => {
    const coalescer = new WriteCoalescer();
    const a = fakeSocket();
    const b = fakeSocket();
    coalescer.write(a.socket, textFrame('a1'));
    coalescer.write(b.socket, textFrame('b1'));
    coalescer.write(a.socket, textFrame('a2'));
    coalescer.write(a.socket, textFrame('a3'));
    expect(a.sent).toEqual([]);
    // Held frames count as the socket's unsent bytes, for the slow-subscriber rule.
    expect(a.socket.unsentBytes).toBe(12);
    a.tcp.writableLength = 100;
    expect(a.socket.unsentBytes).toBe(112);
    await tick();
    expect([a.sent, a.writes, b.sent, b.writes]).toEqual([['a1', 'a2', 'a3'], [3], ['b1'], [1]]);
    expect(a.socket.unsentBytes).toBe(100);

    // A new tick holds again.
    coalescer.write(b.socket, textFrame('b2'));
    expect(b.sent).toEqual(['b1']);
    await tick();
    expect([b.sent, b.writes]).toEqual([
      ['b1', 'b2'],
      [1, 1],
    ]);
  });

  it('tells each frame written with a callback once the write is done', async () => {
    const coalescer = new WriteCoalescer();
    const { socket, tcp, held } = fakeSocket();
    tcp.holdWrites = true;
    const done: string[] = [];
    coalescer.write(socket, textFrame('1'), () => done.push('1'));
    coalescer.write(socket, textFrame('2'));
    coalescer.write(socket, textFrame('3'), () => done.push('3'));
    await tick();
    expect(done).toEqual([]);
    held.shift()?.();
    expect(done).toEqual(['1', '3']);
  });

  describe("with ws's own frames on a real connection", () => {
    let server: WebSocketServer;
    let serverSocket: CoalescingWebSocket;
    let client: WebSocket;
    /** What the client received, in order: each message's text, then the close code. */
    let received: string[];

    beforeEach(async () => {
      server = new WebSocketServer({
        port: 0,
        host: '127.0.0.1',
        WebSocket: CoalescingWebSocket,
        perMessageDeflate: false,
      });
      await new Promise((resolve) => server.once('listening', resolve));
      const connected = new Promise<CoalescingWebSocket>((resolve) =>
        server.once('connection', resolve),
      );
      client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
      received = [];
      client.on('message', (data: Buffer) => received.push(data.toString()));
      client.on('close', (code: number) => received.push(`closed ${code}`));
      serverSocket = await connected;
    });

    afterEach(async () => {
      client.terminate();
      await new Promise((resolve) => server.close(resolve));
    });

    const receivedAll = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (received.length >= count ? resolve() : setImmediate(check));
        check();
      });

    it('are not written before the frames held in the same tick', async () => {
      const coalescer = new WriteCoalescer();
      coalescer.write(serverSocket, textFrame('next 1'));
      coalescer.write(serverSocket, textFrame('next 2'));
      serverSocket.send('complete');
      coalescer.write(serverSocket, textFrame('next 3'));
      serverSocket.close(1013, 'too slow');
      await receivedAll(5);
      expect(received).toEqual(['next 1', 'next 2', 'complete', 'next 3', 'closed 1013']);
    });
  });
});
