import { parseArgs } from 'node:util';
import { runAgentDesktop } from './desktop.js';
import { describeUpdate } from './lines.js';

/** The defaults reach `npm start` on this machine as its first demo agent. */
const DEFAULT_URL = 'http://localhost:4000/graphql';
const DEFAULT_USER_NAME = 'testname';
const DEFAULT_PASSWORD = 'demo';

const usage = `usage: npm run example -- [--seconds N]
  Follows the agent's SMS sessions until Ctrl-C, or for N seconds.
  GATEWAY_URL    the gateway's GraphQL URL (default ${DEFAULT_URL})
  AGENT_USER     the agent's GWS user name (default ${DEFAULT_USER_NAME})
  AGENT_PASSWORD the agent's GWS password (default ${DEFAULT_PASSWORD})`;

function secondsToRun(): number | undefined {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (values.seconds === undefined) return undefined;
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    console.error(`--seconds must be a positive number, not "${values.seconds}"\n${usage}`);
    process.exit(2);
  }
  return seconds;
}

const seconds = secondsToRun();
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const timer = seconds === undefined ? undefined : setTimeout(() => stop.abort(), seconds * 1000);

try {
  await runAgentDesktop({
    url: process.env.GATEWAY_URL ?? DEFAULT_URL,
    userName: process.env.AGENT_USER ?? DEFAULT_USER_NAME,
    password: process.env.AGENT_PASSWORD ?? DEFAULT_PASSWORD,
    signal: stop.signal,
    onUpdate: (update) => console.log(describeUpdate(update)),
  });
} catch (error) {
  // Stopped while signing in: the aborted request is what was asked for, not a failure.
  if (!stop.signal.aborted) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
} finally {
  clearTimeout(timer);
}
