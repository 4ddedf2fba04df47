/**
 * `node bench/compare-builds.js <other checkout>`: gateway CPU per request of this checkout's
 * build against another's (each built with `npm run build`), on the POST query path, in one run:
 * both gateways in front of one simulator, measured in turns of a few seconds each, so that what
 * else the machine is doing weighs on both alike. Prints each turn and the median of the paired
 * ratios (this build's CPU per request over the other's).
 *   --turns=<n> (default 12)  --seconds=<s> per turn (default 3)  --warm-up=<s> (default 10)
 */
import { Buffer } from 'node:buffer';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import { killAllChildren, startChild } from './lib/ipc.js';

const CONCURRENCY = 8;
const AUTHORIZATION = `Basic ${Buffer.from('load1:demo').toString('base64')}`;
const here = new URL('.', import.meta.url).pathname;
const options = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith('--'))
    .map((arg) => arg.slice(2).split('=')),
);
const [other] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!other) {
  process.stderr.write('usage: node bench/compare-builds.js <other checkout> [--turns=12]\n');
  process.exit(2);
}
const turns = Number(options.turns ?? 12);
const seconds = Number(options.seconds ?? 3);
const warmUpSeconds = Number(options['warm-up'] ?? 10);

/** Requests from CONCURRENCY loops for `seconds`; the gateway's CPU µs per answered request. */
async function turn(gateway, url, query, turnSeconds = seconds) {
  const before = await gateway.request('cpu');
  let answered = 0;
  const until = performance.now() + turnSeconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
          body: JSON.stringify({ query }),
        });
        if ((await response.json()).data?.smsSession) answered += 1;
      }
    }),
  );
  const after = await gateway.request('cpu');
  return (after.user + after.system - before.user - before.system) / answered;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const simulator = await startChild(`${here}simulator-process.js`);
  const {
    url: gwsBaseUrl,
    sessionIds: [sessionId],
  } = await simulator.request('start', { agents: 1 });
  const query = `{ smsSession(id: "${sessionId}") { id state capabilities } }`;
  const sides = {};
  for (const [name, dir] of [
    ['this', resolve(here, '..')],
    ['other', resolve(other)],
  ]) {
    const gateway = await startChild(resolve(dir, 'bench/gateway-process.js'), {
      env: { NODE_ENV: 'production' },
    });
    const { url } = await gateway.request('start', { gwsBaseUrl });
    // Warmed up as the bench warms a path: V8 compiles the hot paths in the first thousands.
    await turn(gateway, url, query, warmUpSeconds);
    sides[name] = { gateway, url };
  }
  const ratios = [];
  for (let index = 0; index < turns; index += 1) {
    // Turns alternate which side goes first.
    const order = index % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
    const micros = {};
    for (const name of order)
      micros[name] = await turn(sides[name].gateway, sides[name].url, query);
    ratios.push(micros.this / micros.other);
    console.log(
      `turn ${index + 1}: this ${micros.this.toFixed(0)} µs, other ${micros.other.toFixed(0)} µs, ratio ${(micros.this / micros.other).toFixed(3)}`,
    );
  }
  console.log(`median ratio (this / other) over ${turns} turns: ${median(ratios).toFixed(3)}`);
} finally {
  killAllChildren();
}
