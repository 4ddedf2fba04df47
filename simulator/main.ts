/**
 * Runs the simulator on its own (`npm run simulator`), with the demo scenario on.
 * SIMULATOR_PORT (default 8090) and SIMULATOR_HOST (default 127.0.0.1) choose where it listens;
 * SIMULATOR_DEMO_INTERVAL_MS (default 5000) how often a demo customer writes; SIMULATOR_DIALECT
 * (default `{}`) a JSON object of the dialect switches to play other than the defaults, e.g.
 * `{"errorShape":"bare","joinFailed":true}`.
 */
import { checkedDialectPatch, InvalidDialectError } from './dialect.js';
import { startSimulator } from './index.js';

function setting(name: string, fallback: string): string {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const portText = setting('SIMULATOR_PORT', '8090');
if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
  fail(`SIMULATOR_PORT must be an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
}
const host = setting('SIMULATOR_HOST', '127.0.0.1');
if (!/^[A-Za-z0-9.:-]+$/.test(host)) {
  fail(`SIMULATOR_HOST must be a host name or IP address, got ${JSON.stringify(host)}`);
}

const intervalText = setting('SIMULATOR_DEMO_INTERVAL_MS', '5000');
if (!/^\d{1,9}$/.test(intervalText) || Number(intervalText) < 100) {
  fail(
    `SIMULATOR_DEMO_INTERVAL_MS must be an integer of at least 100, got ${JSON.stringify(intervalText)}`,
  );
}

function dialectSetting(text: string) {
  try {
    return checkedDialectPatch(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof InvalidDialectError) {
      return fail(`SIMULATOR_DIALECT must be a JSON object of dialect switches: ${error.message}`);
    }
    throw error;
  }
}
const dialect = dialectSetting(setting('SIMULATOR_DIALECT', '{}'));

const simulator = await startSimulator({
  port: Number(portText),
  host,
  demoScenario: true,
  demoIntervalMs: Number(intervalText),
  dialect,
  log: (line) => console.log(line),
}).catch((error: unknown) =>
  fail(`SIMULATOR_HOST/SIMULATOR_PORT: cannot listen: ${String(error)}`),
);

console.log(`GWS simulator at ${simulator.url}, dialect ${JSON.stringify(simulator.dialect())}`);
console.log('Demo agents (Basic auth):');
for (const agent of simulator.agents) {
  const answers = agent.autoAnswer ? ', auto-answers' : '';
  console.log(
    `  ${agent.userName} / ${agent.password}  (${agent.firstName} ${agent.lastName}${answers})`,
  );
}

let stopping = false;
async function shutDown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await simulator.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutDown('SIGINT'));
process.on('SIGTERM', () => void shutDown('SIGTERM'));
