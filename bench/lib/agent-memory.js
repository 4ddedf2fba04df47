/**
 * Memory per agent: the same number of idle subscribers held once over few agents and once over
 * many, each in fresh processes, for the gateway and for the bridge baseline. The subscribers cost
 * the same in both, so (heap difference) ÷ (agent difference) is what one agent's upstream session
 * and stream cost (cookie jar, CSRF token, keep-alive socket, CometD state, event log, hub record),
 * and what remains over few agents, divided by the subscribers, is one idle subscriber's cost.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import { CONNECT_TIMEOUT_MS, targets } from './fanout.js';
import { startChild } from './ipc.js';
import { fixed, ratio } from './report.js';
import { startBenchChild, startStack } from './stack.js';

const here = new URL('..', import.meta.url).pathname;
const SETTLE_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 100;
const STREAMS_POLLS = 1_200;
/** Polls for every subscriber to have a warm-up event before another is published. */
const WARM_UP_POLLS = 100;
const WARM_UP_EVENTS = 20;
/** Writing a snapshot of a gateway holding 1,000 agents takes tens of seconds on a loaded machine. */
const SNAPSHOT_TIMEOUT_MS = 600_000;

/**
 * `loggedRounds`: events published to every agent after the idle reading, all delivered, then
 * read again: the heap they add is what one logged event costs.
 */
export const AGENT_MEMORY_SHAPES = {
  full: { subscribers: 1_000, fewAgents: 10, manyAgents: 1_000, loggedRounds: 10 },
  smoke: { subscribers: 20, fewAgents: 2, manyAgents: 10, loggedRounds: 3 },
};

/**
 * The gateway with its simulator, or the bridge with its own: the serving process is `server`.
 * What started is stopped again if the rest fails to start.
 */
async function startSide(side, agents) {
  if (side === 'gateway') {
    const stack = await startStack({ agents });
    return {
      simulator: stack.simulator,
      server: stack.gateway,
      url: stack.url.replace(/^http/, 'ws'),
      started: stack.started,
    };
  }
  const started = [];
  try {
    const simulator = await startBenchChild('simulator-process.js');
    started.push(simulator);
    const { url: gwsBaseUrl } = await simulator.request('start', { agents });
    const server = await startChild(`${here}bridge-process.js`, { execArgv: ['--expose-gc'] });
    started.push(server);
    const { url } = await server.request('start', { gwsBaseUrl });
    return { simulator, server, url, started };
  } catch (error) {
    for (const child of started.reverse()) await child.stop();
    throw error;
  }
}

/**
 * Waits until the simulator has a CometD client for every agent, without publishing anything: an
 * event published before an agent's stream is up would not reach its subscribers.
 */
async function streamsUp(simulator) {
  for (let poll = 0; poll < STREAMS_POLLS; poll += 1) {
    if ((await simulator.request('streams')).min >= 1) return;
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error('not every agent had an upstream stream in time');
}

/**
 * Publishes a warm-up event to every agent and waits until every subscriber has one, publishing
 * another only after 10 s without: unlike the fan-out shapes' faster warm-up, a loaded machine
 * does not make it publish more, so both runs' event logs hold as many warm-up events. Resolves to
 * the number published.
 */
async function warmUpOnce(simulator, clients, subscribers) {
  for (let event = 0; event < WARM_UP_EVENTS; event += 1) {
    await simulator.request('publish', { phase: `warm${event}`, round: 0 });
    for (let poll = 0; poll < WARM_UP_POLLS; poll += 1) {
      if ((await clients.request('warmed')) === subscribers) return event + 1;
      await sleep(POLL_INTERVAL_MS);
    }
  }
  throw new Error('not every subscriber received an event within the warm-up');
}

/**
 * One side over `agents` agents: `process.memoryUsage()` after full collections before the
 * clients connect (`before`), once every subscriber is up and idle (`idle`), and after
 * `loggedRounds` more events per agent (`logged`). `snapshotPrefix`: heap snapshots at `before`
 * and after `logged` (`<prefix>-before.heapsnapshot`, `<prefix>-logged.heapsnapshot`), not at
 * `idle`: writing one stops the process for seconds, which upstream streams may not survive.
 */
async function sideMemory(side, { subscribers, loggedRounds }, agents, snapshotPrefix) {
  const { simulator, server, url, started } = await startSide(side, agents);
  const snapshot = (moment) =>
    snapshotPrefix &&
    server.request(
      'heapSnapshot',
      { file: `${snapshotPrefix}-${moment}.heapsnapshot` },
      SNAPSHOT_TIMEOUT_MS,
    );
  try {
    const clients = await startBenchChild('client-process.js');
    started.push(clients);
    const before = await server.request('memory');
    await snapshot('before');
    await clients.request(
      'connect',
      { mode: 'gateway', url, targets: targets({ subscribers, agents }) },
      CONNECT_TIMEOUT_MS,
    );
    await streamsUp(simulator);
    const warmUpEvents = await warmUpOnce(simulator, clients, subscribers);
    const idle = await server.request('memory');
    await clients.request('begin', { name: 'logged', rounds: loggedRounds });
    await simulator.request(
      'rounds',
      { phase: 'logged', rounds: loggedRounds, intervalMs: 0 },
      SETTLE_TIMEOUT_MS,
    );
    const delivery = await clients.request(
      'settle',
      { timeoutMs: SETTLE_TIMEOUT_MS },
      SETTLE_TIMEOUT_MS * 2,
    );
    const logged = await server.request('memory');
    await snapshot('logged');
    return { agents, warmUpEvents, before, idle, logged, delivery };
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}

/** What the idle subscribers and agents added to the heap or RSS (`field`) of one run. */
const added = (run, field) => run.idle[field] - run.before[field];

/** The per-agent, per-subscriber and per-logged-event figures of one side's two runs. */
function perUnit(shape, few, many) {
  const agentDifference = many.agents - few.agents;
  const perAgent = (field) => (added(many, field) - added(few, field)) / agentDifference;
  const heapPerAgent = perAgent('heapUsed');
  return {
    perAgentKB: {
      heapUsed: heapPerAgent / 1024,
      rss: perAgent('rss') / 1024,
      external: perAgent('external') / 1024,
    },
    heapPerIdleSubscriberKB:
      (added(few, 'heapUsed') - few.agents * heapPerAgent) / 1024 / shape.subscribers,
    heapPerLoggedEventBytes:
      (many.logged.heapUsed - many.idle.heapUsed) / (many.agents * shape.loggedRounds),
  };
}

/**
 * The gateway's and the bridge's memory per agent. `snapshotDir`: heap snapshots of every run go
 * there; the difference between a side's runs says what holds the per-agent heap, and that
 * between a run's two snapshots what holds the subscribers'.
 */
export async function agentMemory(shape, { snapshotDir } = {}) {
  const snapshot = (side, agents) => snapshotDir && join(snapshotDir, `${side}-${agents}-agents`);
  const result = { shape };
  for (const side of ['gateway', 'bridge']) {
    console.error(`memory per agent: ${side} over ${shape.fewAgents} agents…`);
    const few = await sideMemory(side, shape, shape.fewAgents, snapshot(side, shape.fewAgents));
    console.error(`memory per agent: ${side} over ${shape.manyAgents} agents…`);
    const many = await sideMemory(side, shape, shape.manyAgents, snapshot(side, shape.manyAgents));
    result[side] = { few, many, ...perUnit(shape, few, many) };
  }
  return result;
}

/** Deliveries of the logged events that never arrived, on both sides. */
export function agentMemoryLost(result) {
  if (!result) return 0;
  return ['gateway', 'bridge'].reduce(
    (sum, side) => sum + result[side].few.delivery.lost + result[side].many.delivery.lost,
    0,
  );
}

export function printAgentMemoryTable(result) {
  if (!result) return;
  const { shape, gateway, bridge } = result;
  console.log(
    `\nMemory per agent (after full collections; ${shape.subscribers} idle subscribers over ` +
      `${shape.fewAgents} and over ${shape.manyAgents} agents)`,
  );
  console.table(
    [
      ['gateway', gateway],
      ['bridge', bridge],
    ].map(([side, figures]) => ({
      side,
      'heap KB/agent': fixed(figures.perAgentKB.heapUsed),
      'heap vs bridge': ratio(figures.perAgentKB.heapUsed, bridge.perAgentKB.heapUsed),
      'RSS KB/agent': fixed(figures.perAgentKB.rss),
      'external KB/agent': fixed(figures.perAgentKB.external),
      'heap KB/idle subscriber': fixed(figures.heapPerIdleSubscriberKB),
      'heap B/logged event': fixed(figures.heapPerLoggedEventBytes, 0),
      'warm-up events few/many': `${figures.few.warmUpEvents}/${figures.many.warmUpEvents}`,
    })),
  );
}
