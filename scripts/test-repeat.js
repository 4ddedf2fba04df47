#!/usr/bin/env node
// Runs the given Jest tests N times in a row and stops at the first failing run, so a flaky test
// shows up before it lands: `npm run test:repeat -- 20 test/playground/playground.test.ts`.
import { spawnSync } from 'node:child_process';

const [times, ...patterns] = process.argv.slice(2);
const runs = Number(times);
if (!Number.isInteger(runs) || runs < 1 || patterns.length === 0) {
  process.stderr.write('usage: npm run test:repeat -- <runs> <test path pattern>...\n');
  process.exit(2);
}

for (let run = 1; run <= runs; run += 1) {
  const started = Date.now();
  const result = spawnSync('npx', ['jest', '--ci', ...patterns], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' },
    encoding: 'utf8',
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(result.stdout + result.stderr);
    process.stdout.write(`run ${run} of ${runs} failed after ${seconds} s\n`);
    process.exit(1);
  }
  process.stdout.write(`run ${run} of ${runs} passed in ${seconds} s\n`);
}
process.stdout.write(`all ${runs} runs passed\n`);
