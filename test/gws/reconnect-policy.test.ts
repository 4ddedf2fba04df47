import { jest } from '@jest/globals';
import { setMaxListeners } from 'node:events';
import { backoffMs, RECONNECT_POLICY, ReconnectGate } from '../../src/gws/reconnect-policy.js';

const AGENTS = 1_000;
/** Far longer than the 30 s the backoff used to grow to. */
const OUTAGE_MS = 120_000;
/** How long a probe of GWS takes to be answered. */
const PROBE_RTT_MS = 5;
/** How long a probe waits for a GWS that swallows requests: the client's default timeout. */
const PROBE_TIMEOUT_MS = 10_000;

// Each test runs 1,000 streams through minutes of fake time: CPU-bound work that a loaded machine
// takes well past the default timeout to finish.
jest.setTimeout(90_000);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The most timestamps that fall within any one second. */
function mostInOneSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= 1_000) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** The same numbers in [0, 1) every run (mulberry32), for the backoff's jitter. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SimulatedGws {
  /** Whether GWS answers a probe sent at `now`. */
  answers(now: number): boolean;
  /** Whether GWS accepts a handshake at `now`. */
  accepts(now: number): boolean;
  /** Whether GWS swallows requests when it does not answer, rather than refusing them at once. */
  swallows?: boolean;
}

/**
 * 1,000 agents' streams that all broke at time 0, each retrying as a NotificationStream does
 * (its backoff, then the client's gate) until a handshake succeeds, under the default policy.
 */
async function simulate(gws: SimulatedGws) {
  const probes: number[] = [];
  const handshakes: number[] = [];
  const connectedAt: number[] = [];
  const random = seededRandom(7);
  const gate = new ReconnectGate({
    probe: async () => {
      probes.push(Date.now());
      const answers = gws.answers(Date.now());
      await sleep(answers || !gws.swallows ? PROBE_RTT_MS : PROBE_TIMEOUT_MS);
      return answers;
    },
    probeIntervalMs: RECONNECT_POLICY.probeIntervalMs,
    handshakesPerSecond: RECONNECT_POLICY.handshakesPerSecond,
  });
  const lifetime = new AbortController();
  // One signal stands for every agent's stream here; each waiting stream listens to it.
  setMaxListeners(AGENTS, lifetime.signal);
  const stream = async (): Promise<void> => {
    for (let failures = 0; ; failures += 1) {
      await gate.waitTurn(backoffMs(failures, RECONNECT_POLICY, random), lifetime.signal);
      handshakes.push(Date.now());
      if (gws.accepts(Date.now())) {
        connectedAt.push(Date.now());
        return;
      }
    }
  };
  const streams = Promise.all(Array.from({ length: AGENTS }, stream));
  await jest.advanceTimersByTimeAsync(OUTAGE_MS + 30_000);
  lifetime.abort();
  gate.close();
  await streams;
  return { probes, handshakes, connectedAt };
}

describe('the reconnection policy, with a fake clock', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('GWS down for 2 minutes: one probe a second meanwhile, then 1,000 agents back within 5 s at 500 handshakes a second at most', async () => {
    const up = (now: number) => now >= OUTAGE_MS;
    const { probes, handshakes, connectedAt } = await simulate({ answers: up, accepts: up });

    expect(connectedAt).toHaveLength(AGENTS);
    expect(Math.max(...connectedAt) - OUTAGE_MS).toBeLessThan(5_000);
    expect(handshakes.filter((at) => at < OUTAGE_MS)).toEqual([]);
    expect(probes.filter((at) => at < OUTAGE_MS).length).toBeLessThanOrEqual(
      OUTAGE_MS / RECONNECT_POLICY.probeIntervalMs + 1,
    );
    expect(mostInOneSecond(handshakes)).toBeLessThanOrEqual(RECONNECT_POLICY.handshakesPerSecond);
  });

  it('GWS swallowing requests for 2 minutes: probes still go one a second, and all are back within 5 s', async () => {
    const up = (now: number) => now >= OUTAGE_MS;
    const { probes, handshakes, connectedAt } = await simulate({
      answers: up,
      accepts: up,
      swallows: true,
    });

    expect(connectedAt).toHaveLength(AGENTS);
    expect(Math.max(...connectedAt) - OUTAGE_MS).toBeLessThan(5_000);
    expect(handshakes.filter((at) => at < OUTAGE_MS)).toEqual([]);
    expect(mostInOneSecond(probes)).toBe(1);
  });

  it('GWS answering but refusing handshakes for 2 minutes: each agent retries every 2.5 to 5 s, and all are back within about 5 s', async () => {
    const { probes, handshakes, connectedAt } = await simulate({
      answers: () => true,
      accepts: (now) => now >= OUTAGE_MS,
    });

    expect(connectedAt).toHaveLength(AGENTS);
    // A stream's pause at most, and a few turns.
    expect(Math.max(...connectedAt) - OUTAGE_MS).toBeLessThan(RECONNECT_POLICY.backoffMaxMs + 250);
    // Once backed off fully, about 1,000 / 3.75 s; never past the turns' rate.
    const lastMinute = handshakes.filter((at) => at >= OUTAGE_MS - 60_000 && at < OUTAGE_MS);
    expect(lastMinute.length / 60).toBeLessThan(300);
    expect(mostInOneSecond(handshakes)).toBeLessThanOrEqual(RECONNECT_POLICY.handshakesPerSecond);
    // A probe's answer that GWS is up holds for a second: about one a second, not one a stream.
    expect(probes.length).toBeLessThanOrEqual((OUTAGE_MS + 30_000) / 1_000 + 1);
  });

  it('lets every stream go at once, and stops probing, when their waits are given up', async () => {
    const probes: number[] = [];
    const gate = new ReconnectGate({
      probe: () => {
        probes.push(Date.now());
        return Promise.resolve(false);
      },
      probeIntervalMs: 1_000,
      handshakesPerSecond: 10,
    });
    const lifetimes = [new AbortController(), new AbortController()];
    let going = 0;
    const waits = lifetimes.map((lifetime) =>
      gate.waitTurn(0, lifetime.signal).then(() => (going += 1)),
    );
    await jest.advanceTimersByTimeAsync(3_500);
    expect(going).toBe(0);
    expect(probes).toEqual([0, 1_000, 2_000, 3_000]);

    for (const lifetime of lifetimes) lifetime.abort();
    await Promise.all(waits);
    expect(going).toBe(2);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(probes).toHaveLength(4);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('backoffMs', () => {
  it('doubles from the initial pause up to the cap, between half and all of it', () => {
    const pacing = { backoffInitialMs: 1_000, backoffMaxMs: 5_000 };
    const ceilings = [1_000, 2_000, 4_000, 5_000, 5_000, 5_000];
    ceilings.forEach((ceiling, failures) => {
      expect(backoffMs(failures, pacing, () => 0)).toBe(ceiling / 2);
      expect(backoffMs(failures, pacing, () => 1)).toBe(ceiling);
    });
    expect(backoffMs(1_000, pacing, () => 1)).toBe(5_000);
  });
});
