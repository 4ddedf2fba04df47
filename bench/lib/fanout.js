/**
 * One fan-out shape: N subscribers spread over A agents, a round (one event per agent) every
 * intervalMs, through the gateway and then through the plain ws baseline, each in fresh
 * processes: simulator, gateway and clients apart, so each side of the sockets has its own
 * open-file limit and the gateway's heap and profile hold only the gateway.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import { startChild } from './ipc.js';
import { profiled, startBenchChild, startStack } from './stack.js';

const here = new URL('..', import.meta.url).pathname;

/** Opening 10,000 subscriptions takes a while on a loaded machine. */
export const CONNECT_TIMEOUT_MS = 180_000;
const WARM_UP_INTERVAL_MS = 250;
const WARM_UP_ATTEMPTS = 240;

/** The socket targets: subscribers spread evenly over the agents, in agent order. */
export function targets({ subscribers, agents }) {
  return Array.from({ length: subscribers }, (_, index) => {
    const agent = index % agents;
    return { userName: `load${agent + 1}`, group: agent };
  });
}

/** Publishes warm-up events until every socket has received one: every stream is up. */
export async function warmUp(publisher, clients, subscribers) {
  for (let attempt = 0; attempt < WARM_UP_ATTEMPTS; attempt += 1) {
    await publisher.request('publish', { phase: `warm${attempt}`, round: 0 });
    await sleep(WARM_UP_INTERVAL_MS);
    if ((await clients.request('warmed')) === subscribers) return;
  }
  throw new Error(`not every subscriber received an event within the warm-up`);
}

/**
 * CPU time (user + system, ms) each of `processes` spends in `phase`: unlike latencies and rates,
 * it hardly depends on what else the machine is doing, so per delivery it compares the two sides
 * even on a loaded machine.
 */
async function cpuDuring(processes, phase) {
  const read = () => Promise.all(Object.values(processes).map((child) => child.request('cpu')));
  const before = await read();
  const startedAt = performance.now();
  const result = await phase();
  const wallMs = performance.now() - startedAt;
  const after = await read();
  const cpuMs = Object.fromEntries(
    Object.keys(processes).map((name, index) => {
      const spent =
        after[index].user + after[index].system - before[index].user - before[index].system;
      return [name, spent / 1000];
    }),
  );
  return { ...result, cpuMs, wallMs };
}

/**
 * The paced run then the burst, both measured at the clients, with the CPU time of `processes`
 * (by name: the serving side's processes) in each; first, for a shape with `idleMs`, their CPU
 * time over that long with nothing published.
 */
export async function measure(publisher, clients, shape, processes = {}) {
  const settleMs = shape.settleTimeoutMs;
  // What the processes spend with every stream up and no event: per second, not per event.
  const idle = shape.idleMs
    ? await cpuDuring({ ...processes, clients }, () => sleep(shape.idleMs))
    : undefined;
  await clients.request('begin', { name: 'paced', rounds: shape.pacedRounds });
  const paced = await cpuDuring({ ...processes, clients }, async () => {
    await publisher.request(
      'rounds',
      {
        phase: 'paced',
        rounds: shape.pacedRounds,
        intervalMs: shape.intervalMs,
        slices: shape.slices,
      },
      shape.pacedRounds * shape.intervalMs + settleMs,
    );
    return clients.request('settle', { timeoutMs: settleMs }, settleMs * 2);
  });

  await clients.request('begin', { name: 'burst', rounds: shape.burstRounds });
  let startedAt = 0;
  const burst = await cpuDuring({ ...processes, clients }, async () => {
    ({ startedAt } = await publisher.request(
      'rounds',
      { phase: 'burst', rounds: shape.burstRounds, intervalMs: 0 },
      settleMs,
    ));
    return clients.request('settle', { timeoutMs: settleMs }, settleMs * 2);
  });
  const seconds = (burst.lastReceiptAt - startedAt) / 1000;
  return {
    idle,
    paced,
    burst: { ...burst, perSecond: seconds > 0 ? burst.delivered / seconds : 0 },
  };
}

/** `profileFile`: where the gateway's CPU profile of the paced and burst phases goes, if anywhere. */
export async function gatewayFanout(shape, { profileFile } = {}) {
  const stack = await startStack({ agents: shape.agents });
  try {
    const { simulator, gateway, url } = stack;
    const clients = await startBenchChild('client-process.js');
    stack.started.push(clients);
    const heapBefore = (await gateway.request('memory')).heapUsed;
    const sse = shape.transport === 'sse';
    await clients.request(
      'connect',
      {
        mode: sse ? 'sse' : 'gateway',
        url: sse ? url : url.replace(/^http/, 'ws'),
        targets: targets(shape),
      },
      CONNECT_TIMEOUT_MS,
    );
    await warmUp(simulator, clients, shape.subscribers);
    const idle = await gateway.request('memory');
    const streamsBefore = await simulator.request('streams');
    const measured = await profiled(gateway, profileFile, () =>
      measure(simulator, clients, shape, { gateway, simulator }),
    );
    const streams = await simulator.request('streams');
    return {
      ...measured,
      heapPerIdleSubscriberKB: (idle.heapUsed - heapBefore) / 1024 / shape.subscribers,
      rssMB: idle.rss / 1024 / 1024,
      upstreamStreams: {
        ...streams,
        handshakesDuringMeasure: streams.handshakes - streamsBefore.handshakes,
      },
      gatewayStats: await gateway.request('stats'),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * The bridge baseline (bridge-process.js) in front of the same simulator as the gateway, with the
 * same clients speaking graphql-transport-ws: what any GWS-to-WebSocket bridge must spend.
 */
export async function bridgeFanout(shape) {
  const started = [];
  try {
    const simulator = await startBenchChild('simulator-process.js');
    started.push(simulator);
    const { url: gwsBaseUrl } = await simulator.request('start', { agents: shape.agents });
    const bridge = await startChild(`${here}bridge-process.js`, { execArgv: ['--expose-gc'] });
    started.push(bridge);
    const { url } = await bridge.request('start', { gwsBaseUrl });
    const clients = await startBenchChild('client-process.js');
    started.push(clients);
    const heapBefore = (await bridge.request('memory')).heapUsed;
    await clients.request(
      'connect',
      { mode: 'gateway', url, targets: targets(shape) },
      CONNECT_TIMEOUT_MS,
    );
    await warmUp(simulator, clients, shape.subscribers);
    const idle = await bridge.request('memory');
    const measured = await measure(simulator, clients, shape, { bridge, simulator });
    return {
      ...measured,
      heapPerIdleSubscriberKB: (idle.heapUsed - heapBefore) / 1024 / shape.subscribers,
      rssMB: idle.rss / 1024 / 1024,
    };
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}

export async function baselineFanout(shape) {
  const started = [];
  try {
    const server = await startBenchChild('baseline-process.js');
    started.push(server);
    const { url } = await server.request('start');
    const clients = await startBenchChild('client-process.js');
    started.push(clients);
    await clients.request(
      'connect',
      { mode: 'baseline', url, targets: targets(shape) },
      CONNECT_TIMEOUT_MS,
    );
    await warmUp(server, clients, shape.subscribers);
    return await measure(server, clients, shape, { server });
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}

/**
 * The soak: one gateway and its subscribers kept up for `runs` bursts of `burstRounds` rounds in a
 * row, each settled before the next; every run's lost deliveries (0 expected) and throughput.
 */
export async function soakFanout({ subscribers, agents, runs, burstRounds, settleTimeoutMs }) {
  const stack = await startStack({ agents });
  try {
    const { simulator, url } = stack;
    const clients = await startBenchChild('client-process.js');
    stack.started.push(clients);
    await clients.request(
      'connect',
      {
        mode: 'gateway',
        url: url.replace(/^http/, 'ws'),
        targets: targets({ subscribers, agents }),
      },
      CONNECT_TIMEOUT_MS,
    );
    await warmUp(simulator, clients, subscribers);
    const results = [];
    for (let run = 1; run <= runs; run += 1) {
      const name = `soak${run}`;
      await clients.request('begin', { name, rounds: burstRounds });
      const { startedAt } = await simulator.request(
        'rounds',
        { phase: name, rounds: burstRounds, intervalMs: 0 },
        settleTimeoutMs,
      );
      const burst = await clients.request(
        'settle',
        { timeoutMs: settleTimeoutMs },
        settleTimeoutMs * 2,
      );
      const seconds = (burst.lastReceiptAt - startedAt) / 1000;
      results.push({ run, ...burst, perSecond: seconds > 0 ? burst.delivered / seconds : 0 });
    }
    return results;
  } finally {
    await stack.stop();
  }
}
