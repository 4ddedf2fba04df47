/**
 * `node bench/directory-keystrokes.js` (after `npm run build:code`): what a desktop that searches
 * the directory as the agent types costs GWS. One agent types a name, backspaces over part of it
 * and types it again, one `contacts(search:)` query per keystroke and no debounce, against the
 * built gateway and simulator on loopback. Reports the GWS requests per keystroke (counted in the
 * simulator's request log) and the answer times of keystrokes GWS was asked for and of those the
 * agent's directory cache answered.
 */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../dist/config/index.js';
import { createGateway } from '../dist/server.js';
import { startSimulator } from '../dist/simulator/index.js';

const TYPED = 'casey doe';
/** Backspaced after typing, then typed again. */
const RETYPED = 'ey doe';
const ROUNDS = 5;
const AUTHORIZATION = `Basic ${Buffer.from('testname:demo').toString('base64')}`;
const QUERY = `query ($search: String) {
  contacts(search: $search, first: 10) { totalCount edges { node { id name availability { channel available } } } }
}`;

/** Every search box text the keystrokes leave, in order. */
function keystrokes() {
  const texts = [];
  for (let end = 1; end <= TYPED.length; end += 1) texts.push(TYPED.slice(0, end));
  const kept = TYPED.length - RETYPED.length;
  for (let end = TYPED.length - 1; end >= kept; end -= 1) texts.push(TYPED.slice(0, end));
  for (let end = kept + 1; end <= TYPED.length; end += 1) texts.push(TYPED.slice(0, end));
  return texts;
}

function percentile(values, share) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}

const simulator = await startSimulator({ port: 0 });
const config = { ...loadConfig({ PLAYGROUND: 'off' }), port: 0, host: '127.0.0.1' };
const gateway = await createGateway({
  config,
  gwsBaseUrl: simulator.url,
  logger: pino({ level: 'silent' }),
});
const url = await gateway.listen();

async function search(text) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify({ query: QUERY, variables: { search: text } }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

try {
  await search('warm up the agent session');
  const texts = keystrokes();
  const asked = [];
  const cached = [];
  let calls = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    // Each round starts with an empty cache: the cache's time to live is a few seconds, and the
    // rounds search for different names.
    const prefix = round === 0 ? '' : `${'x'.repeat(round)} `;
    for (const text of texts) {
      const before = simulator.requests().length;
      const started = performance.now();
      await search(`${prefix}${text}`);
      const elapsed = performance.now() - started;
      const sent = simulator
        .requests()
        .slice(before)
        .filter((request) => request.path === '/api/v2/contacts').length;
      calls += sent;
      (sent > 0 ? asked : cached).push(elapsed);
    }
  }
  const keys = texts.length * ROUNDS;
  console.log(
    `keystrokes ${keys}, GWS requests ${calls}: ${(calls / keys).toFixed(2)} per keystroke ` +
      `(${asked.length} asked GWS, ${cached.length} answered from the agent's cache)`,
  );
  console.log(
    `answer p50 / p99: asked GWS ${percentile(asked, 0.5).toFixed(1)} / ${percentile(asked, 0.99).toFixed(1)} ms, ` +
      `from the cache ${percentile(cached, 0.5).toFixed(1)} / ${percentile(cached, 0.99).toFixed(1)} ms`,
  );
} finally {
  await gateway.close();
  await simulator.close();
}
