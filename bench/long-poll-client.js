/**
 * `node bench/long-poll-client.js`: what one CometD long-poll exchange costs the gateway's side
 * with node-fetch (what the gateway uses) and with bare `node:http`, both over one keep-alive
 * agent, against a local server in a child process answering at once with a /meta/connect reply
 * and one SMS notification. Reports CPU µs of this process per exchange (user + system).
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import fetch from 'node-fetch';

const EXCHANGES = 3_000;
const ROUNDS = 3;
const REPLY = JSON.stringify([
  { channel: '/meta/connect', successful: true, id: '1', advice: { timeout: 0 } },
  {
    channel: '/v2/me/sms',
    data: { messageType: 'MessageLogUpdated', smssessionUri: 'x/0000Na9B26EF006E', messages: [] },
  },
]);
const REQUEST = JSON.stringify([{ channel: '/meta/connect', clientId: 'c', id: '1' }]);

if (process.argv[2] === 'server') {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(REPLY);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const child = fork(new URL(import.meta.url).pathname, ['server']);
  const port = await new Promise((resolve) => child.once('message', resolve));
  const url = `http://127.0.0.1:${port}/cometd`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'content-type': 'application/json', accept: 'application/json' };

  const viaFetch = async () => {
    const response = await fetch(url, { method: 'POST', headers, body: REQUEST, agent });
    return JSON.parse(await response.text());
  };
  const viaHttp = () =>
    new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', headers, agent }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.setTimeout(30_000, () => request.destroy(new Error('timed out')));
      request.end(REQUEST);
    });

  const measure = async (exchange) => {
    for (let i = 0; i < 300; i += 1) await exchange();
    const cpu = process.cpuUsage();
    const startedAt = performance.now();
    for (let i = 0; i < EXCHANGES; i += 1) await exchange();
    const { user, system } = process.cpuUsage(cpu);
    return {
      cpuMicrosPerExchange: Math.round((user + system) / EXCHANGES),
      exchangesPerSecond: Math.round(EXCHANGES / ((performance.now() - startedAt) / 1000)),
    };
  };
  const rows = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    rows.push({ round, client: 'node-fetch', ...(await measure(viaFetch)) });
    rows.push({ round, client: 'node:http', ...(await measure(viaHttp)) });
  }
  console.table(rows);
  agent.destroy();
  child.kill();
}
