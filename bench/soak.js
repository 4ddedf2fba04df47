/**
 * `npm run bench:soak`: one gateway with 1,000 subscribers over 10 agents takes 20 bursts of 10
 * rounds in a row (10,000 deliveries each), every one settled before the next; it fails when any
 * delivery is lost or duplicated. Too heavy for `npm test`. Loopback only, bounded in time; every
 * child process ends with the run.
 */
import { clearTimeout, setTimeout } from 'node:timers';
import { soakFanout } from './lib/fanout.js';
import { killAllChildren } from './lib/ipc.js';

const SOAK = { subscribers: 1_000, agents: 10, runs: 20, burstRounds: 10, settleTimeoutMs: 60_000 };
/** The whole soak is abandoned past this. */
const SOAK_TIMEOUT_MS = 20 * 60_000;

const deadline = setTimeout(() => {
  console.error(`the soak took over ${SOAK_TIMEOUT_MS / 60_000} minutes`);
  killAllChildren();
  process.exit(1);
}, SOAK_TIMEOUT_MS);
process.on('exit', killAllChildren);
try {
  const runs = await soakFanout(SOAK);
  console.table(
    runs.map(({ run, expected, delivered, lost, duplicates, perSecond, p99 }) => ({
      run,
      expected,
      delivered,
      lost,
      duplicates,
      'deliveries/s': Math.round(perSecond),
      'p99 ms': Math.round(p99),
    })),
  );
  const lost = runs.reduce((sum, run) => sum + run.lost + run.duplicates, 0);
  console.log(
    `${runs.length} bursts of ${SOAK.subscribers} subscribers: ${lost} lost or duplicated`,
  );
  if (lost > 0) process.exitCode = 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  killAllChildren();
}
