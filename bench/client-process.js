/**
 * The subscribers of a bench run, in their own process: N WebSockets, either graphql-ws
 * subscriptions to the gateway (spoken directly, without a client library, so the client side
 * costs the same as against the plain ws baseline) or plain sockets of the baseline; or N
 * Server-Sent Events streams of the gateway (graphql-sse's distinct connections, read directly
 * too). Counts every delivery per socket and round, so lost and duplicated deliveries are exact.
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import WebSocket from 'ws';
import { parseEventText, SUBSCRIPTION } from './lib/events.js';
import { serve } from './lib/ipc.js';
import { latencySummary, nowMs } from './lib/stats.js';
import { clearTimeout, setImmediate, setTimeout } from 'node:timers';

const CONNECT_CONCURRENCY = 100;
const CONNECT_TIMEOUT_MS = 30_000;
/**
 * How long `settle` waits without a new delivery before it reports what arrived: longer than
 * any stall of a gateway that is still delivering, so what it reports missing is lost.
 */
const QUIET_MS = 10_000;

const sockets = [];
/** Each socket's `label`, if its target had one: `settle` reports latencies per label too. */
const labels = [];
const closeCodes = {};
let phase;
let received;
let latencies;
let latenciesByLabel;
let distinct;
let duplicates;
let lastReceiptAt;
let warmed;
let progress;

function resetPhase(name, rounds) {
  phase = { name, rounds };
  received = new Uint8Array(sockets.length * rounds);
  latencies = [];
  latenciesByLabel = {};
  distinct = 0;
  duplicates = 0;
  lastReceiptAt = 0;
}

function onEvent(index, text) {
  const event = parseEventText(text);
  if (event.phase.startsWith('warm')) {
    warmed[index] = 1;
    return;
  }
  if (!phase || event.phase !== phase.name) return;
  const receivedAt = nowMs();
  const slot = index * phase.rounds + event.round;
  if (received[slot]) {
    duplicates += 1;
    return;
  }
  received[slot] = 1;
  distinct += 1;
  latencies.push(receivedAt - event.publishedAt);
  if (labels[index] !== undefined) {
    (latenciesByLabel[labels[index]] ??= []).push(receivedAt - event.publishedAt);
  }
  lastReceiptAt = receivedAt;
  progress?.();
}

function onMessage(index, data) {
  const message = JSON.parse(data);
  if (message.type !== 'next') return message;
  for (const { text } of message.payload.data?.smsSessionEvents?.messages ?? []) {
    onEvent(index, text);
  }
  return message;
}

function basicOf(userName) {
  return `Basic ${Buffer.from(`${userName}:demo`).toString('base64')}`;
}

/**
 * Opens one Server-Sent Events subscription (POST with `Accept: text/event-stream`); resolves once
 * the stream is open, with what ends it.
 */
function openEventStream(index, { url, userName }) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stream ${index} not ready`)),
      CONNECT_TIMEOUT_MS,
    );
    const request = http.request(`${url}/stream`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: basicOf(userName),
      },
    });
    request.on('error', (error) => (clearTimeout(timer), reject(error)));
    request.on('response', (response) => {
      clearTimeout(timer);
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`stream ${index} answered ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      let pending = '';
      response.on('data', (chunk) => {
        pending += chunk;
        for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          // A block's fields come in any order (the gateway sends `id:` first).
          const lines = block.split('\n');
          const data = lines.find((line) => line.startsWith('data:'));
          if (!lines.includes('event: next') || !data) continue;
          const result = JSON.parse(data.slice('data:'.length));
          for (const { text } of result.data?.smsSessionEvents?.messages ?? []) {
            onEvent(index, text);
          }
        }
      });
      resolve({ terminate: () => request.destroy() });
    });
    request.end(JSON.stringify({ query: SUBSCRIPTION }));
  });
}

/** Opens one socket; resolves once it is subscribed (gateway) or open (baseline). */
function open(index, { mode, url, userName, group }) {
  if (mode === 'sse') return openEventStream(index, { url, userName });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`socket ${index} not ready`)),
      CONNECT_TIMEOUT_MS,
    );
    const ready = () => (clearTimeout(timer), resolve(socket));
    const socket =
      mode === 'gateway'
        ? new WebSocket(url, 'graphql-transport-ws')
        : new WebSocket(`${url}/?group=${group}`);
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
    socket.on('close', (code) => {
      closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    });
    socket.on('open', () => {
      if (mode !== 'gateway') return ready();
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { Authorization: basicOf(userName) } }),
      );
    });
    socket.on('message', (data) => {
      const message = onMessage(index, data);
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }),
        );
        ready();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (message.type === 'error') {
        reject(new Error(`subscription ${index} failed: ${JSON.stringify(message.payload)}`));
      }
    });
  });
}

serve({
  /**
   * `targets`: one `{ userName, group, url?, label? }` per socket (`url` overrides the shared one).
   * A later call adds its sockets to those of the earlier ones, once they are all open.
   */
  async connect({ mode, url, targets }) {
    const offset = sockets.length;
    sockets.push(...new Array(targets.length));
    labels.push(...targets.map((target) => target.label));
    const wasWarmed = warmed ?? new Uint8Array(0);
    warmed = new Uint8Array(sockets.length);
    warmed.set(wasWarmed);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONNECT_CONCURRENCY, targets.length) }, async () => {
        while (next < targets.length) {
          const index = offset + next;
          next += 1;
          sockets[index] = await open(index, { mode, url, ...targets[index - offset] });
        }
      }),
    );
    return { sockets: sockets.length };
  },
  /** How many sockets have received a warm-up event. */
  warmed: () => warmed.reduce((sum, flag) => sum + flag, 0),
  begin({ name, rounds }) {
    resetPhase(name, rounds);
  },
  /**
   * Resolves once every socket has every round of the phase, or nothing arrived for QUIET_MS,
   * or `timeoutMs` passed; then reports what arrived.
   */
  async settle({ timeoutMs }) {
    const expected = sockets.length * phase.rounds;
    const deadline = Date.now() + timeoutMs;
    let lastCount = -1;
    let lastChange = Date.now();
    while (distinct < expected && Date.now() < deadline) {
      if (distinct !== lastCount) {
        lastCount = distinct;
        lastChange = Date.now();
      } else if (Date.now() - lastChange >= QUIET_MS) {
        // After a stall of this process, timers run before the sockets are read: what already
        // arrived is read (the check phase follows the poll phase) before anything counts as lost.
        await new Promise((resolve) => setImmediate(resolve));
        if (distinct === lastCount) break;
        continue;
      }
      await new Promise((resolve) => {
        progress = resolve;
        setTimeout(resolve, 100);
      });
      progress = undefined;
    }
    return {
      expected,
      delivered: distinct,
      lost: expected - distinct,
      duplicates,
      lastReceiptAt,
      closes: { ...closeCodes },
      ...latencySummary(latencies),
      byLabel: Object.fromEntries(
        Object.entries(latenciesByLabel).map(([label, values]) => [label, latencySummary(values)]),
      ),
    };
  },
  stop() {
    for (const socket of sockets) socket?.terminate();
  },
});
