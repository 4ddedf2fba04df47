/**
 * The built gateway in its own process, so its heap and CPU profile hold nothing else. Run with
 * --expose-gc: `memory` collects fully before reading the heap. `profileStart` and `profileStop`
 * take a V8 CPU profile (what `node --cpu-prof` writes) of the measured phases only;
 * `heapSnapshot` writes a V8 heap snapshot.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';
import { pino } from 'pino';
import { loadConfig } from '../dist/config/index.js';
import { createGateway } from '../dist/server.js';
import { serve } from './lib/ipc.js';

/** Lets closed sockets and finished streams be finalised before a collection counts them. */
const SETTLE_MS = 300;
/** The highest RATE_LIMIT_PER_MINUTE: the request loops of one agent stay far below it. */
const BENCH_RATE_LIMIT_PER_MINUTE = 1_000_000;
/** The highest MAX_STREAMS_PER_AGENT: a shape holds up to a hundred subscribers per agent. */
const BENCH_MAX_STREAMS_PER_AGENT = 10_000;
let gateway;
let profiler;

serve({
  /** `settings`: environment settings beside the defaults, e.g. a replica's cluster settings. */
  async start({ gwsBaseUrl, settings = {} }) {
    // The query and mutation paths measure the gateway's work, not its per-agent rate limit.
    const env = {
      NODE_ENV: process.env.NODE_ENV,
      GWS_BASE_URL: gwsBaseUrl,
      PLAYGROUND: 'off',
      RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT_PER_MINUTE),
      MAX_STREAMS_PER_AGENT: String(BENCH_MAX_STREAMS_PER_AGENT),
      ...settings,
    };
    const config = { ...loadConfig(env), port: 0, host: '127.0.0.1' };
    gateway = await createGateway({ config, gwsBaseUrl, logger: pino({ level: 'silent' }) });
    return { url: await gateway.listen() };
  },
  async memory() {
    if (!globalThis.gc) throw new Error('the gateway process needs --expose-gc');
    await sleep(SETTLE_MS);
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage();
  },
  /** Writes a heap snapshot to `file` (a `.heapsnapshot`, as DevTools reads it). */
  heapSnapshot: ({ file }) => writeHeapSnapshot(file),
  stats: () => gateway.stats(),
  async profileStart() {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  },
  /** Writes the profile taken since `profileStart` to `file` (a `.cpuprofile`). */
  async profileStop({ file }) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    await writeFile(file, JSON.stringify(profile));
  },
  stop: () => gateway?.close(),
});
