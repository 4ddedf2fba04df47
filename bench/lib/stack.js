/**
 * The gateway side of a scenario: a simulator with `agents` load agents and the gateway in front
 * of it, each in its own process; the gateway under --cpu-prof when `profileDir` is given.
 */
import { URL } from 'node:url';
import { startChild } from './ipc.js';

const here = new URL('..', import.meta.url).pathname;

/** Every child started so far is stopped by `stop()`, in reverse order, also after a failure. */
export async function startStack({ agents, profileDir }) {
  const started = [];
  const stop = async () => {
    for (const child of started.reverse()) await child.stop();
  };
  try {
    const simulator = await startChild(`${here}simulator-process.js`);
    started.push(simulator);
    const { url: gwsBaseUrl, sessionIds } = await simulator.request('start', { agents });
    const gateway = await startChild(`${here}gateway-process.js`, {
      execArgv: [
        '--expose-gc',
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ],
    });
    started.push(gateway);
    const { url } = await gateway.request('start', { gwsBaseUrl });
    return { simulator, gateway, gwsBaseUrl, sessionIds, url, started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts a bench child script (`client-process.js`, `baseline-process.js`). */
export function startBenchChild(script) {
  return startChild(`${here}${script}`);
}
