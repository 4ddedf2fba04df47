/**
 * Two replicas through Redis: the fan-out of one shape with its subscribers split between two
 * gateways in cluster mode in front of one simulator, against one process alone and the plain ws
 * baseline of the same shape, measured in the same run. Every agent has half its subscribers on
 * each replica. Replica A's subscribers connect first, so A takes every agent's lease and holds
 * its upstream stream; B serves its half from the agents' event logs in Redis (the table's
 * `held A/B` says whether it went so). The latencies of each half are reported apart.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import { Redis } from 'ioredis';
import { baselineFanout, CONNECT_TIMEOUT_MS, gatewayFanout, measure, warmUp } from './fanout.js';
import { startChild } from './ipc.js';
import { fixed, percent, ratio } from './report.js';
import { startBenchChild, startGatewayChild } from './stack.js';

/**
 * The Redis the scenario uses, and flushes before and after: a database of its own
 * (BENCH_REDIS_URL, default database 9 of the machine's Redis), apart from the tests' database 7.
 */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const REPLICAS = ['A', 'B'];
const REDIS_PROBE_TIMEOUT_MS = 1_000;
/** CLUSTER_SECRET wants at least 32 characters; 24 random bytes give 32 in base64url. */
const CLUSTER_SECRET_BYTES = 24;
/** How long replica A may take to hold every agent's stream before B's subscribers connect. */
const HOLD_POLL_INTERVAL_MS = 100;
const HOLD_POLLS = 300;
const here = new URL('..', import.meta.url).pathname;

/**
 * The two-replica shapes: `2x/1k/10` is the single-process `1k/10` split over two replicas;
 * `2x/200/10`, a fifth of its subscribers, leaves the processes' CPU unsaturated, so its latencies
 * show the way through Redis rather than queues.
 */
export const CLUSTER_SHAPES = {
  full: [
    {
      name: '2x/1k/10',
      subscribers: 1_000,
      agents: 10,
      intervalMs: 20,
      pacedRounds: 150,
      burstRounds: 30,
    },
    {
      name: '2x/200/10',
      subscribers: 200,
      agents: 10,
      intervalMs: 20,
      pacedRounds: 150,
      burstRounds: 30,
    },
  ].map((shape) => ({ ...shape, settleTimeoutMs: 60_000 })),
  smoke: [
    {
      name: 'smoke 2x/20/2',
      subscribers: 20,
      agents: 2,
      intervalMs: 20,
      pacedRounds: 10,
      burstRounds: 5,
    },
  ].map((shape) => ({ ...shape, settleTimeoutMs: 20_000 })),
};

/**
 * One replica's socket targets: its share of the subscribers, spread evenly over the agents in
 * agent order, labelled with the replica.
 */
function replicaTargets({ subscribers, agents }, { name, url }) {
  return Array.from({ length: subscribers / REPLICAS.length }, (_, index) => ({
    userName: `load${(index % agents) + 1}`,
    url,
    label: name,
  }));
}

/**
 * Waits until `gateway` holds the streams of all `agents`: a socket counts as connected once its
 * subscription is sent, before the gateway has taken the agent's lease. Past the wait the run
 * goes on, and its `held A/B` tells how the streams were held.
 */
async function holding(gateway, agents) {
  for (let attempt = 0; attempt < HOLD_POLLS; attempt += 1) {
    if ((await gateway.request('stats')).agentStreams === agents) return;
    await sleep(HOLD_POLL_INTERVAL_MS);
  }
}

/** The bench's Redis, answering, or the reason it cannot be had. */
async function connectRedis(url) {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (e.g. ECONNREFUSED) says more than the rejection's "Connection is closed".
  let socketError;
  redis.on('error', (error) => (socketError = error));
  try {
    await redis.connect();
    await redis.ping();
    return { redis };
  } catch (error) {
    redis.disconnect();
    return { reason: `no Redis at ${url} (${(socketError ?? error).message})` };
  }
}

/** Simulator, two replicas and the clients, measured; every child stops, also after a failure. */
async function replicasFanout(shape) {
  const started = [];
  try {
    const simulator = await startChild(`${here}simulator-process.js`);
    started.push(simulator);
    const { url: gwsBaseUrl } = await simulator.request('start', { agents: shape.agents });
    const settings = {
      REDIS_URL: BENCH_REDIS_URL,
      CLUSTER_SECRET: randomBytes(CLUSTER_SECRET_BYTES).toString('base64url'),
    };
    const replicas = [];
    for (const name of REPLICAS) {
      const gateway = await startGatewayChild();
      started.push(gateway);
      const { url } = await gateway.request('start', { gwsBaseUrl, settings });
      replicas.push({ name, gateway, url: url.replace(/^http/, 'ws') });
    }
    const clients = await startBenchChild('client-process.js');
    started.push(clients);
    // One replica after the other: A's subscribers come first, so A holds every agent's stream.
    for (const replica of replicas) {
      await clients.request(
        'connect',
        { mode: 'gateway', targets: replicaTargets(shape, replica) },
        CONNECT_TIMEOUT_MS,
      );
      if (replica === replicas[0]) await holding(replica.gateway, shape.agents);
    }
    await warmUp(simulator, clients, shape.subscribers);
    const streamsBefore = await simulator.request('streams');
    const measured = await measure(simulator, clients, shape);
    const streams = await simulator.request('streams');
    const replicaStats = {};
    for (const { name, gateway } of replicas) {
      const { agentStreams, followedAgents, subscribers } = await gateway.request('stats');
      replicaStats[name] = { agentStreams, followedAgents, subscribers };
    }
    return {
      ...measured,
      upstreamStreams: {
        ...streams,
        handshakesDuringMeasure: streams.handshakes - streamsBefore.handshakes,
      },
      replicas: replicaStats,
    };
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}

/**
 * One two-replica shape with its single-process and plain ws figures. Without Redis it is
 * skipped, saying why, except under CI=true, where a missing Redis fails the run.
 */
export async function clusterFanout(shape) {
  const { redis, reason } = await connectRedis(BENCH_REDIS_URL);
  if (!redis) {
    if (process.env.CI === 'true') throw new Error(`${reason}; CI needs one for ${shape.name}`);
    console.error(`fan-out ${shape.name}: skipped, ${reason}. Set BENCH_REDIS_URL to run it.`);
    return { shape, skipped: reason };
  }
  try {
    await redis.flushdb();
    console.error(`fan-out ${shape.name}: two replicas through Redis…`);
    const replicas = await replicasFanout(shape);
    console.error(`fan-out ${shape.name}: one process…`);
    const single = await gatewayFanout(shape);
    console.error(`fan-out ${shape.name}: plain ws…`);
    const baseline = await baselineFanout(shape);
    return { shape, replicas, single, baseline };
  } finally {
    await redis.flushdb().catch(() => undefined);
    redis.disconnect();
  }
}

/** Deliveries lost by any side of the two-replica shapes that ran. */
export function clusterLost(results) {
  return results
    .filter((result) => !result.skipped)
    .flatMap(({ replicas, single, baseline }) => [replicas, single, baseline])
    .reduce((sum, side) => sum + side.paced.lost + side.burst.lost, 0);
}

export function printClusterTable(results) {
  const ran = results.filter((result) => !result.skipped);
  if (ran.length === 0) return;
  console.log('\nTwo replicas through Redis (subscribers split evenly, every agent on both)');
  console.table(
    ran.map(({ shape, replicas, single, baseline }) => ({
      shape: shape.name,
      '2 replicas p50/p99 ms': `${fixed(replicas.paced.p50)} / ${fixed(replicas.paced.p99)}`,
      '1 process p50/p99 ms': `${fixed(single.paced.p50)} / ${fixed(single.paced.p99)}`,
      'ws p50/p99 ms': `${fixed(baseline.paced.p50)} / ${fixed(baseline.paced.p99)}`,
      ...Object.fromEntries(
        Object.entries(replicas.paced.byLabel)
          .sort(([one], [other]) => one.localeCompare(other))
          .map(([name, { p50, p99 }]) => [
            `on ${name} p50/p99 ms`,
            `${fixed(p50)} / ${fixed(p99)}`,
          ]),
      ),
      'p99 vs 1 process': ratio(replicas.paced.p99, single.paced.p99),
      'burst 2 replicas/s': Math.round(replicas.burst.perSecond),
      'burst 1 process/s': Math.round(single.burst.perSecond),
      'burst ws/s': Math.round(baseline.burst.perSecond),
      'burst vs 1 process': percent(replicas.burst.perSecond, single.burst.perSecond),
      'lost 2r (1p, ws)': `${replicas.paced.lost + replicas.burst.lost} (${single.paced.lost + single.burst.lost}, ${baseline.paced.lost + baseline.burst.lost})`,
      'streams/agent': `${replicas.upstreamStreams.min}–${replicas.upstreamStreams.max}`,
      're-handshakes': replicas.upstreamStreams.handshakesDuringMeasure,
      'held A/B': Object.values(replicas.replicas)
        .map(({ agentStreams }) => agentStreams)
        .join('/'),
    })),
  );
}
