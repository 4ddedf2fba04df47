/**
 * The gateway side of a scenario: a simulator with `agents` load agents and the gateway in front
 * of it, each in its own process.
 */
import { URL } from 'node:url';
import { startChild } from './ipc.js';

const here = new URL('..', import.meta.url).pathname;

/** Every child started so far is stopped by `stop()`, in reverse order, also after a failure. */
export async function startStack({ agents }) {
  const started = [];
  const stop = async () => {
    for (const child of started.reverse()) await child.stop();
  };
  try {
    const simulator = await startChild(`${here}simulator-process.js`);
    started.push(simulator);
    const { url: gwsBaseUrl, sessionIds } = await simulator.request('start', { agents });
    const gateway = await startGatewayChild({ execArgv: ['--expose-gc'] });
    started.push(gateway);
    const { url } = await gateway.request('start', { gwsBaseUrl });
    return { simulator, gateway, gwsBaseUrl, sessionIds, url, started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs `phases` with the gateway's CPU profiled into `file` when it is given.
 */
export async function profiled(gateway, file, phases) {
  if (!file) return phases();
  await gateway.request('profileStart');
  const result = await phases();
  await gateway.request('profileStop', { file });
  return result;
}

/**
 * The gateway's process, run as it is deployed (`NODE_ENV=production`, as the Dockerfile sets):
 * graphql-js, among others, reads it when loaded and skips its development-only checks.
 */
export function startGatewayChild({ execArgv = [] } = {}) {
  return startChild(`${here}gateway-process.js`, { execArgv, env: { NODE_ENV: 'production' } });
}

/** Starts a bench child script (`client-process.js`, `baseline-process.js`). */
export function startBenchChild(script) {
  return startChild(`${here}${script}`);
}
