/**
 * The built gateway in its own process, so its heap and CPU profile hold nothing else. Run with
 * --expose-gc: `memory` collects fully before reading the heap.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { loadConfig } from '../dist/config.js';
import { createGateway } from '../dist/server.js';
import { serve } from './lib/ipc.js';

/** Lets closed sockets and finished streams be finalised before a collection counts them. */
const SETTLE_MS = 300;
let gateway;

serve({
  async start({ gwsBaseUrl }) {
    const config = { ...loadConfig({ PLAYGROUND: 'off' }), port: 0, host: '127.0.0.1' };
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
  stats: () => gateway.stats(),
  stop: () => gateway?.close(),
});
