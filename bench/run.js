/**
 * Benchmarks of the built gateway (`npm run bench` builds first) against the embedded simulator,
 * each with a baseline taken in the same run, so the ratios mean something on any machine:
 * - queries: GraphQL `smsSession` through the gateway vs the same GWS GET sent to the simulator;
 * - fan-out: SMS notifications reaching N graphql-ws subscribers of one agent vs the gateway's
 *   own upstream CometD stream reading them alone (no GraphQL, no WebSocket).
 * Clients run in this process too: memory figures include their share, and every figure shares
 * one event loop with the clients and the simulator. Loopback only; every loop is bounded in count
 * and time.
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import { pino } from 'pino';
import WebSocket from 'ws';
import { loadConfig } from '../dist/config.js';
import { GwsClient } from '../dist/gws/index.js';
import { createGateway } from '../dist/server.js';
import { startSimulator } from '../dist/simulator/index.js';

const SESSION = '0000Na9B26EF006E';
const AUTHORIZATION = `Basic ${Buffer.from('testname:demo').toString('base64')}`;
const QUERY_SECONDS = 3;
const QUERY_CONCURRENCY = 8;
const EVENTS = 200;
const EVENT_INTERVAL_MS = 5;
const SUBSCRIBER_COUNTS = [1, 50, 200];
const EVENT_WAIT_MS = 30_000;

const logger = pino({ level: 'silent' });
const simulator = await startSimulator({ port: 0 });
const config = { ...loadConfig({ PLAYGROUND: 'off' }), port: 0, host: '127.0.0.1' };
const gateway = await createGateway({ config, gwsBaseUrl: simulator.url, logger });
const gatewayUrl = await gateway.listen();

/** Live heap after a full collection (node --expose-gc), so subscribers' memory can be told apart. */
async function heapUsed() {
  // Closed sockets and streams are finalised a little later: let that happen before collecting.
  await sleep(200);
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
  };
}

/** Runs `request` from QUERY_CONCURRENCY loops for QUERY_SECONDS; requests per second and latencies. */
async function load(request) {
  const latencies = [];
  const until = performance.now() + QUERY_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: QUERY_CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const startedAt = performance.now();
        await request();
        latencies.push(performance.now() - startedAt);
      }
    }),
  );
  return { perSecond: latencies.length / QUERY_SECONDS, ...summary(latencies) };
}

async function gatewayQuery() {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify({ query: `{ smsSession(id: "${SESSION}") { id state capabilities } }` }),
  });
  const body = await response.json();
  if (!body.data?.smsSession) throw new Error(`gateway query failed: ${JSON.stringify(body)}`);
}

async function upstreamQuery() {
  const response = await fetch(`${simulator.url}/api/v2/me/smssessions/${SESSION}`, {
    headers: { authorization: AUTHORIZATION },
  });
  const body = await response.json();
  if (body.statusCode !== 0) throw new Error(`upstream query failed: ${JSON.stringify(body)}`);
}

/** Injects EVENTS customer messages; `received(text)` tells when one arrived where it is measured. */
async function injectEvents(label, expectedDeliveries) {
  const sentAt = new Map();
  const latencies = [];
  let delivered = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const received = (text) => {
    const startedAt = sentAt.get(text);
    if (startedAt === undefined) return;
    latencies.push(performance.now() - startedAt);
    delivered += 1;
    if (delivered === expectedDeliveries) done();
  };
  const run = async () => {
    const startedAt = performance.now();
    for (let i = 0; i < EVENTS; i += 1) {
      const text = `${label} ${i}`;
      sentAt.set(text, performance.now());
      simulator.sendCustomerMessage(SESSION, text);
      await sleep(EVENT_INTERVAL_MS);
    }
    const complete = await Promise.race([finished.then(() => true), sleep(EVENT_WAIT_MS, false)]);
    const seconds = (performance.now() - startedAt) / 1000;
    return { complete, delivered, perSecond: delivered / seconds, ...summary(latencies) };
  };
  return { received, run };
}

/** Waits until a probe message reaches every receiver, so measuring starts with all streams up. */
async function warmUp(probeSeen) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const text = `warm-up ${attempt}`;
    simulator.sendCustomerMessage(SESSION, text);
    await sleep(100);
    if (probeSeen(text)) return;
  }
  throw new Error('receivers did not start receiving within 10 s');
}

async function upstreamFanout() {
  const gws = new GwsClient({
    baseUrl: simulator.url,
    timeoutMs: 10_000,
    sessionIdleTtlMs: 60_000,
    maxAgentSessions: 10,
    logger,
  });
  const seen = new Set();
  let measure = () => undefined;
  const stream = gws.openNotificationStream(gws.agentSession(AUTHORIZATION), {
    onNotification: (_channel, data) => {
      for (const message of data.messages ?? []) {
        seen.add(message.text);
        measure(message.text);
      }
    },
    onReconnected: () => undefined,
    onFailure: (error) => console.error('upstream stream failed', error.message),
  });
  await warmUp((text) => seen.has(text));
  const injection = await injectEvents('upstream', EVENTS);
  measure = injection.received;
  const result = await injection.run();
  await stream.close();
  gws.close();
  return result;
}

async function gatewayFanout(subscriberCount) {
  const clients = [];
  const seen = Array.from({ length: subscriberCount }, () => new Set());
  let measure = () => undefined;
  const memoryBefore = await heapUsed();
  for (let i = 0; i < subscriberCount; i += 1) {
    const client = createClient({
      url: gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: AUTHORIZATION },
      retryAttempts: 0,
    });
    clients.push(client);
    client.subscribe(
      {
        query: `subscription { smsSessionEvents(id: "${SESSION}") { ... on SmsMessagesAdded { messages { text } } } }`,
      },
      {
        next: ({ data }) => {
          for (const message of data?.smsSessionEvents.messages ?? []) {
            seen[i].add(message.text);
            measure(message.text);
          }
        },
        error: (error) => console.error('subscription failed', error),
        complete: () => undefined,
      },
    );
  }
  await warmUp((text) => seen.every((set) => set.has(text)));
  const memoryAfter = await heapUsed();
  const injection = await injectEvents(`gateway-${subscriberCount}`, EVENTS * subscriberCount);
  measure = injection.received;
  const result = await injection.run();
  await Promise.all(clients.map((client) => client.dispose()));
  return {
    ...result,
    heapPerSubscriberKiB: (memoryAfter - memoryBefore) / 1024 / subscriberCount,
  };
}

const ms = (value) => `${value.toFixed(2)} ms`;
const rows = [];
try {
  const upstreamQueries = await load(upstreamQuery);
  const gatewayQueries = await load(gatewayQuery);
  rows.push({
    benchmark: 'query smsSession',
    'per second': Math.round(gatewayQueries.perSecond),
    p50: ms(gatewayQueries.p50),
    p95: ms(gatewayQueries.p95),
    'baseline per second': Math.round(upstreamQueries.perSecond),
    'baseline p50': ms(upstreamQueries.p50),
    'throughput ratio': (gatewayQueries.perSecond / upstreamQueries.perSecond).toFixed(2),
  });

  const upstream = await upstreamFanout();
  for (const subscriberCount of SUBSCRIBER_COUNTS) {
    const fanout = await gatewayFanout(subscriberCount);
    rows.push({
      benchmark: `fan-out to ${subscriberCount} subscriber(s)`,
      'per second': Math.round(fanout.perSecond),
      p50: ms(fanout.p50),
      p95: ms(fanout.p95),
      'baseline per second': Math.round(upstream.perSecond),
      'baseline p50': ms(upstream.p50),
      'p50 ratio': (fanout.p50 / upstream.p50).toFixed(2),
      // With few subscribers the difference drowns in what a collection happens to free.
      'heap KiB / subscriber':
        subscriberCount >= 50 ? fanout.heapPerSubscriberKiB.toFixed(1) : 'too few to tell',
      complete: fanout.complete && upstream.complete,
    });
  }
  console.table(rows);
} finally {
  await gateway.close();
  await simulator.close();
}
