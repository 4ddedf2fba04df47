/**
 * The bench's smoke run, so `npm run bench` never rots: it builds, runs every scenario on tiny
 * shapes, loses no delivery and writes its results. No timing is asserted: the figures belong to
 * BENCHMARKS.md, not to a pass/fail on a shared machine.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Building plus the smoke run take seconds alone, much longer on a loaded machine. */
const SMOKE_TIMEOUT_MS = 300_000;

interface PhaseResult {
  expected: number;
  delivered: number;
  lost: number;
  /** CPU time of each process of the side in the phase, by name, in ms. */
  cpuMs: Record<string, number>;
}

interface PhasesResult {
  paced: PhaseResult;
  burst: PhaseResult;
}

/** A two-replica shape: skipped, saying why, when the bench's Redis cannot be reached. */
type ClusterResult =
  | { skipped: string }
  | {
      skipped?: undefined;
      replicas: PhasesResult & { upstreamStreams: { min: number; max: number } };
      single: PhasesResult;
      baseline: PhasesResult;
    };

/** One side's memory per agent: two runs over few and many agents, and what they give per unit. */
interface AgentMemorySide {
  few: { agents: number; delivery: PhaseResult };
  many: { agents: number; delivery: PhaseResult };
  perAgentKB: { heapUsed: number; rss: number; external: number };
  heapPerIdleSubscriberKB: number;
  heapPerLoggedEventBytes: number;
}

interface SmokeResults {
  mode: string;
  fanout: {
    shape: { transport?: string };
    gateway: PhasesResult;
    /** Absent for a Server-Sent Events shape: the bridge speaks WebSocket only. */
    bridge?: PhasesResult;
    baseline: PhasesResult;
  }[];
  cluster: ClusterResult[];
  agentMemory: { gateway: AgentMemorySide; bridge: AgentMemorySide };
  requests: Record<
    string,
    {
      gateway: { failures: number; cpuPerRequestMicros: Record<string, number | null> };
      direct: { failures: number; cpuPerRequestMicros: Record<string, number | null> };
    }
  >;
}

function expectNothingLost(phase: PhaseResult): void {
  expect(phase.expected).toBeGreaterThan(0);
  expect(phase.lost).toBe(0);
  expect(phase.delivered).toBe(phase.expected);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // The children are plain Node programs: Jest's VM-module flag is not theirs.
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')}: ${code}\n${errors}`)),
    );
  });
}

let resultsDir: string;
beforeEach(async () => {
  resultsDir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
});
afterEach(() => rm(resultsDir, { recursive: true, force: true }));

it(
  'runs every scenario on tiny shapes, loses nothing, and writes its results',
  async () => {
    await run('npm', ['run', 'build:code']);
    await run(process.execPath, ['bench/run.js', '--smoke', `--results-dir=${resultsDir}`]);

    const files = await readdir(resultsDir);
    expect(files).toHaveLength(1);
    const results = JSON.parse(
      await readFile(join(resultsDir, files[0] as string), 'utf8'),
    ) as SmokeResults;
    expect(results.mode).toBe('smoke');
    expect(results.fanout.length).toBeGreaterThan(0);
    for (const { shape, gateway, bridge, baseline } of results.fanout) {
      for (const phase of [gateway.paced, gateway.burst, baseline.paced, baseline.burst]) {
        expectNothingLost(phase);
      }
      if (shape.transport === 'sse') {
        expect(bridge).toBeUndefined();
      } else {
        if (bridge === undefined) throw new Error('a WebSocket shape has a bridge side');
        expectNothingLost(bridge.paced);
        expectNothingLost(bridge.burst);
        expect(Object.keys(bridge.paced.cpuMs).sort()).toEqual(['bridge', 'clients', 'simulator']);
      }
      for (const phase of [gateway.paced, gateway.burst]) {
        expect(Object.keys(phase.cpuMs).sort()).toEqual(['clients', 'gateway', 'simulator']);
        expect(phase.cpuMs.gateway).toBeGreaterThan(0);
      }
      expect(Object.keys(baseline.paced.cpuMs).sort()).toEqual(['clients', 'server']);
    }
    expect(results.cluster.length).toBeGreaterThan(0);
    for (const shape of results.cluster) {
      // Without Redis the bench skips its two-replica shapes, except under CI=true, where it fails.
      if (shape.skipped !== undefined) continue;
      for (const side of [shape.replicas, shape.single, shape.baseline]) {
        expectNothingLost(side.paced);
        expectNothingLost(side.burst);
      }
      // One upstream stream per agent across both replicas.
      expect(shape.replicas.upstreamStreams).toMatchObject({ min: 1, max: 1 });
    }
    for (const side of [results.agentMemory.gateway, results.agentMemory.bridge]) {
      expect(side.many.agents).toBeGreaterThan(side.few.agents);
      expectNothingLost(side.few.delivery);
      expectNothingLost(side.many.delivery);
      // Tiny runs give noisy figures, so only their presence is checked, not their size.
      for (const figure of [
        side.perAgentKB.heapUsed,
        side.perAgentKB.rss,
        side.perAgentKB.external,
        side.heapPerIdleSubscriberKB,
        side.heapPerLoggedEventBytes,
      ]) {
        expect(Number.isFinite(figure)).toBe(true);
      }
    }
    expect(Object.keys(results.requests).sort()).toEqual(['mutation', 'query', 'query (GET)']);
    for (const { gateway, direct } of Object.values(results.requests)) {
      expect(gateway.failures + direct.failures).toBe(0);
      expect(gateway.cpuPerRequestMicros.gateway).toBeGreaterThan(0);
      expect(direct.cpuPerRequestMicros.simulator).toBeGreaterThan(0);
    }
  },
  SMOKE_TIMEOUT_MS,
);
