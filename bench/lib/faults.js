/**
 * The faults of `npm run soak` and what watches them: a Redis of its own to kill and start again,
 * a TCP relay in front of GWS to cut and restore, and subscribers that record what they receive.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';

/** How often a condition is checked while the soak waits for it. */
const POLL_INTERVAL_MS = 50;

/** Whether `condition` holds within `timeoutMs`, checked every POLL_INTERVAL_MS. */
export async function holdsWithin(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Resolves once `condition` holds; rejects, naming `what`, after `timeoutMs`. */
export async function waitUntil(condition, what, timeoutMs) {
  if (!(await holdsWithin(condition, timeoutMs))) {
    throw new Error(`${what}: not within ${timeoutMs} ms`);
  }
}

/** A free loopback port, found by listening on port 0 for a moment. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the soak's own on a port of its own, killed without a word and started again. */
export class OwnRedis {
  #port;
  #child;

  constructor(port) {
    this.#port = port;
  }

  static async start() {
    const redis = new OwnRedis(await freePort());
    await redis.resume();
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.#port}/0`;
  }

  /** Kills the server (SIGKILL), as a crash or a cut network looks to its clients. */
  async kill() {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the server on its port, empty (nothing is saved); resolves once it answers. */
  async resume() {
    this.#child = spawn(
      'redis-server',
      ['--port', String(this.#port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await waitUntil(
        async () => (await probe.ping().catch(() => undefined)) === 'PONG',
        'redis-server answering',
        10_000,
      );
    } finally {
      probe.disconnect();
    }
  }
}

/**
 * A TCP relay in front of `target` (an http:// URL). Cut, it refuses new connections and drops
 * those it carries, as an unreachable GWS would; restored, it relays again on the same port.
 */
export class CuttableRelay {
  #target;
  #port;
  #server;
  #sockets = new Set();

  constructor(target, port) {
    this.#target = new URL(target);
    this.#port = port;
  }

  static async start(target) {
    const relay = new CuttableRelay(target, await freePort());
    await relay.restore();
    return relay;
  }

  get url() {
    return `http://127.0.0.1:${this.#port}`;
  }

  async restore() {
    if (this.#server) return;
    this.#server = net.createServer((client) => this.#relay(client));
    await new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, '127.0.0.1', resolve);
    });
  }

  async cut() {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  #relay(client) {
    const upstream = net.connect(Number(this.#target.port), this.#target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.#sockets.add(from);
      from.once('close', () => this.#sockets.delete(from));
      from.once('error', () => to.destroy());
      from.once('close', () => to.destroy());
      from.pipe(to);
    }
  }
}

/** The events a soak subscriber reads: message texts and the type of each notification. */
const SUBSCRIPTION = `subscription {
  smsSessionEvents {
    notificationType
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

/**
 * One graphql-ws subscription to all of an agent's SMS sessions, recording each event with the
 * time it arrived (`{ event, receivedAt }`), and how it ended if the gateway ended it.
 */
export class RecordingSubscriber {
  received = [];
  /** Why the subscription or its connection ended, if it did: the run fails then. */
  ended;
  #client;

  constructor(url, authorization, label) {
    this.label = label;
    this.#client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { Authorization: authorization },
      onNonLazyError: (error) => (this.ended ??= `connection failed: ${describe(error)}`),
      on: { closed: (event) => (this.ended ??= `closed with ${event.code}`) },
    });
    this.#client.subscribe(
      { query: SUBSCRIPTION },
      {
        next: ({ data, errors }) => {
          if (data) this.received.push({ event: data.smsSessionEvents, receivedAt: Date.now() });
          if (errors) this.ended ??= `errors: ${JSON.stringify(errors)}`;
        },
        error: (error) => (this.ended ??= `error: ${describe(error)}`),
        complete: () => (this.ended ??= 'completed by the gateway'),
      },
    );
  }

  /** Whether a message whose text passes `test` is among the events received from the `from`th on. */
  hasMessage(test, from = 0) {
    for (let index = from; index < this.received.length; index += 1) {
      const { messages = [] } = this.received[index].event;
      if (messages.some((message) => typeof message.text === 'string' && test(message.text))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a RESYNC has arrived after `time` (a Date.now() reading). */
  resyncedAfter(time) {
    for (let index = this.received.length - 1; index >= 0; index -= 1) {
      const { event, receivedAt } = this.received[index];
      if (receivedAt <= time) return false;
      if (event.notificationType === 'RESYNC') return true;
    }
    return false;
  }

  async dispose() {
    await this.#client.dispose();
  }
}

function describe(error) {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error);
  return typeof error?.code === 'number' ? `close ${error.code}` : String(error);
}
