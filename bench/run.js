/**
 * `npm run bench`: the built gateway against same-run baselines, every side in its own process
 * (see BENCHMARKS.md for the method). Prints a table and writes bench/results/<date>.json.
 *   --smoke (or BENCH_SMOKE=1)  tiny shapes, seconds; results go to the system's temp directory
 *   --only=<name>[,<name>…]     only these of the fan-out shapes (`2x/…`: two replicas through
 *                               Redis at BENCH_REDIS_URL), `memory` (memory per agent) and
 *                               `query` (query and mutation)
 *   --profile                   CPU profiles of the gateway's measured phases in bench/profiles/<date>/
 *   --heap-snapshots            heap snapshots of the gateway and the bridge idle over many agents
 *                               (the `memory` scenario) in bench/profiles/<date>/
 *   --results-dir=<dir>         where the JSON goes
 * Loopback only; bounded in count and time; every child process ends with the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { URL } from 'node:url';
import {
  AGENT_MEMORY_SHAPES,
  agentMemory,
  agentMemoryLost,
  printAgentMemoryTable,
} from './lib/agent-memory.js';
import { CLUSTER_SHAPES, clusterFanout, clusterLost, printClusterTable } from './lib/cluster.js';
import { baselineFanout, bridgeFanout, gatewayFanout } from './lib/fanout.js';
import { killAllChildren } from './lib/ipc.js';
import { printTable } from './lib/report.js';
import { requestPaths } from './lib/requests.js';

/** The whole run is abandoned past this. */
const RUN_TIMEOUT_MS = 30 * 60_000;
const here = new URL('.', import.meta.url).pathname;

/** Agents whose events a sweep round publishes at one moment. */
const SWEEP_AGENTS_PER_SLICE = 5;

const FULL = {
  fanout: [
    {
      name: '1k/10',
      subscribers: 1_000,
      agents: 10,
      intervalMs: 20,
      pacedRounds: 150,
      burstRounds: 30,
    },
    {
      name: '5k/50',
      subscribers: 5_000,
      agents: 50,
      intervalMs: 100,
      pacedRounds: 50,
      burstRounds: 8,
    },
    {
      name: '10k/100',
      subscribers: 10_000,
      agents: 100,
      intervalMs: 200,
      pacedRounds: 30,
      burstRounds: 4,
    },
    {
      name: '2k/1000',
      subscribers: 2_000,
      agents: 1_000,
      intervalMs: 500,
      pacedRounds: 16,
      burstRounds: 10,
    },
    // How cost grows with agents: one event per agent a second, two devices per agent, the
    // agents' events spread over the second five at a time, so every size handles the same
    // batches and only the number of agents differs.
    ...[250, 500, 1_000, 2_000].map((agents) => ({
      name: `sweep ${agents}`,
      subscribers: 2 * agents,
      agents,
      intervalMs: 1_000,
      slices: agents / SWEEP_AGENTS_PER_SLICE,
      pacedRounds: 10,
      burstRounds: 5,
      idleMs: 5_000,
    })),
    // The 1k/10 shape with its subscribers on Server-Sent Events instead of WebSockets.
    {
      name: '1k/10 sse',
      transport: 'sse',
      subscribers: 1_000,
      agents: 10,
      intervalMs: 20,
      pacedRounds: 150,
      burstRounds: 30,
    },
  ].map((shape) => ({ ...shape, settleTimeoutMs: 60_000 })),
  requests: { seconds: 5, warmUpSeconds: 5 },
};
const SMOKE = {
  fanout: [
    {
      name: 'smoke 20/2',
      subscribers: 20,
      agents: 2,
      intervalMs: 20,
      pacedRounds: 10,
      burstRounds: 5,
    },
    {
      name: 'smoke 8/4',
      subscribers: 8,
      agents: 4,
      intervalMs: 50,
      pacedRounds: 5,
      burstRounds: 3,
      slices: 2,
      idleMs: 300,
    },
    {
      name: 'smoke 20/2 sse',
      transport: 'sse',
      subscribers: 20,
      agents: 2,
      intervalMs: 20,
      pacedRounds: 10,
      burstRounds: 5,
    },
  ].map((shape) => ({ ...shape, settleTimeoutMs: 20_000 })),
  requests: { seconds: 0.5, warmUpSeconds: 0.2 },
};

function options(argv) {
  const flag = (name) => argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  const value = (name) => flag(name)?.split('=').slice(1).join('=');
  const smoke = Boolean(flag('smoke')) || process.env.BENCH_SMOKE === '1';
  const date = new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  return {
    smoke,
    date,
    only: value('only')?.split(','),
    profileDir: flag('profile') ? join(here, 'profiles', date) : undefined,
    snapshotDir: flag('heap-snapshots') ? join(here, 'profiles', date) : undefined,
    resultsDir:
      value('results-dir') ?? (smoke ? join(tmpdir(), 'gws-bench-smoke') : join(here, 'results')),
  };
}

async function main() {
  const opts = options(process.argv.slice(2));
  const plan = opts.smoke ? SMOKE : FULL;
  for (const dir of [opts.profileDir, opts.snapshotDir]) {
    if (dir) mkdirSync(dir, { recursive: true });
  }
  const wanted = (name) => !opts.only || opts.only.includes(name);
  const results = {
    date: opts.date,
    mode: opts.smoke ? 'smoke' : 'full',
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100),
    },
    fanout: [],
  };
  for (const shape of plan.fanout.filter((candidate) => wanted(candidate.name))) {
    console.error(`fan-out ${shape.name}: gateway…`);
    const gateway = await gatewayFanout(shape, {
      profileFile:
        opts.profileDir &&
        join(opts.profileDir, `fanout-${shape.name.replace(/[^\w]+/g, '-')}.cpuprofile`),
    });
    // The bridge speaks WebSocket only: an SSE shape's bridge is its WebSocket twin's.
    console.error(`fan-out ${shape.name}: bridge…`);
    const bridge = shape.transport === 'sse' ? undefined : await bridgeFanout(shape);
    console.error(`fan-out ${shape.name}: plain ws…`);
    const baseline = await baselineFanout(shape);
    results.fanout.push({ shape, gateway, bridge, baseline });
  }
  results.cluster = [];
  for (const shape of CLUSTER_SHAPES[results.mode].filter((candidate) => wanted(candidate.name))) {
    results.cluster.push(await clusterFanout(shape));
  }
  if (wanted('memory')) {
    results.agentMemory = await agentMemory(AGENT_MEMORY_SHAPES[results.mode], {
      snapshotDir: opts.snapshotDir,
    });
  }
  if (wanted('query')) {
    console.error('query and mutation paths…');
    results.requests = await requestPaths({
      ...plan.requests,
      profileDir: opts.profileDir,
    });
  }
  results.machine.loadAverageAtEnd = loadavg().map((load) => Math.round(load * 100) / 100);

  printTable(results);
  printClusterTable(results.cluster);
  printAgentMemoryTable(results.agentMemory);
  mkdirSync(opts.resultsDir, { recursive: true });
  const file = join(opts.resultsDir, `${opts.date}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${file}`);
  for (const dir of new Set([opts.profileDir, opts.snapshotDir])) {
    if (dir) console.log(`profiles: ${dir}`);
  }
  const lost =
    results.fanout.reduce(
      (sum, { gateway, bridge, baseline }) =>
        sum +
        [gateway, bridge, baseline].reduce(
          (sides, side) => sides + (side ? side.paced.lost + side.burst.lost : 0),
          0,
        ),
      0,
    ) +
    clusterLost(results.cluster) +
    agentMemoryLost(results.agentMemory);
  const failures = Object.values(results.requests ?? {}).reduce(
    (sum, { gateway, direct }) => sum + gateway.failures + direct.failures,
    0,
  );
  if (lost + failures > 0) {
    console.error(`${lost} deliveries lost, ${failures} requests failed`);
    // Tiny shapes on loopback lose nothing unless something is broken; at scale it is a finding.
    if (opts.smoke) process.exitCode = 1;
  }
}

const deadline = setTimeout(() => {
  console.error(`the bench took over ${RUN_TIMEOUT_MS / 60_000} minutes`);
  killAllChildren();
  process.exit(1);
}, RUN_TIMEOUT_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
process.on('exit', killAllChildren);
try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  killAllChildren();
  clearTimeout(deadline);
}
