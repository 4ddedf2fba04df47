/**
 * The bridge baseline, in its own process: the least any GWS-to-WebSocket bridge must do, with no
 * GraphQL. Per agent, one CometD long-poll over `node:http` (sign-in GET for the cookie and the
 * CSRF token, handshake, subscribe `/v2/me/*`, the connect loop, `JSON.parse` of each answer); for
 * each notification that carries messages, the graphql-ws `next` JSON a gateway would send, written
 * to every socket of the agent. Its clients speak graphql-transport-ws as to the gateway (the
 * bridge answers `connection_init` and `subscribe` and nothing else), so the client side costs the
 * same against both.
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { URL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { WebSocketServer } from 'ws';
import { serve } from './lib/ipc.js';

const NOTIFICATIONS_PATH = '/api/v2/notifications';
/** Longer than the simulator's long-poll hold, so a held connect is never cut. */
const REQUEST_TIMEOUT_MS = 60_000;

const upstream = new http.Agent({ keepAlive: true, maxSockets: Infinity });
let server;
let gwsBaseUrl;
/** Per user name: its sockets and its upstream stream's state. */
const agents = new Map();
let stopping = false;

/** One HTTP exchange with GWS; resolves to the response's headers and parsed JSON body. */
function exchange(agent, method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: agent.authorization };
    if (agent.cookie) headers.cookie = agent.cookie;
    if (agent.csrf) headers[agent.csrf.header] = agent.csrf.token;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const request = http.request(new URL(path, gwsBaseUrl), {
      method,
      headers,
      agent: upstream,
      timeout: REQUEST_TIMEOUT_MS,
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) {
          reject(new Error(`${method} ${path}: HTTP ${response.statusCode}`));
          return;
        }
        resolve({ headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
      response.on('error', reject);
    });
    request.end(payload);
  });
}

/** Signs in (cookie, CSRF), handshakes, subscribes, then long-polls until the bench stops. */
async function stream(agent) {
  const me = await exchange(agent, 'GET', '/api/v2/me');
  agent.cookie = (me.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');
  const header = me.headers['x-csrf-header'];
  if (header) agent.csrf = { header, token: me.headers[header.toLowerCase()] };
  const [handshake] = (
    await exchange(agent, 'POST', NOTIFICATIONS_PATH, [
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ])
  ).body;
  const { clientId } = handshake;
  await exchange(agent, 'POST', NOTIFICATIONS_PATH, [
    { channel: '/meta/subscribe', clientId, subscription: '/v2/me/*' },
  ]);
  const connect = [{ channel: '/meta/connect', clientId, connectionType: 'long-polling' }];
  while (!stopping) {
    const { body } = await exchange(agent, 'POST', NOTIFICATIONS_PATH, connect);
    for (const message of body) {
      const messages = message.data?.messages;
      if (message.channel.startsWith('/meta/') || !Array.isArray(messages)) continue;
      const next = JSON.stringify({
        id: '1',
        type: 'next',
        payload: {
          data: { smsSessionEvents: { messages: messages.map(({ text }) => ({ text })) } },
        },
      });
      for (const socket of agent.sockets) socket.send(next);
    }
  }
}

function agentOf(authorization) {
  const userName = Buffer.from(authorization.replace(/^Basic /, ''), 'base64')
    .toString()
    .split(':')[0];
  let agent = agents.get(userName);
  if (!agent) {
    agent = { authorization, sockets: new Set(), streaming: false };
    agents.set(userName, agent);
  }
  return agent;
}

serve({
  async start(options) {
    gwsBaseUrl = options.gwsBaseUrl;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => {
      let agent;
      socket.on('message', (data) => {
        const message = JSON.parse(data);
        if (message.type === 'connection_init') {
          agent = agentOf(message.payload.Authorization);
          socket.send(JSON.stringify({ type: 'connection_ack' }));
        } else if (message.type === 'subscribe' && agent) {
          agent.sockets.add(socket);
          if (!agent.streaming) {
            agent.streaming = true;
            stream(agent).catch((error) => {
              if (!stopping) console.error(`bridge stream failed: ${error.message}`);
            });
          }
        }
      });
      socket.on('close', () => agent?.sockets.delete(socket));
    });
    await new Promise((resolve) => server.once('listening', resolve));
    return { url: `ws://127.0.0.1:${server.address().port}` };
  },
  /** Needs --expose-gc: collects fully before reading the heap, as the gateway's does. */
  memory() {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage();
  },
  /** Writes a heap snapshot to `file` (a `.heapsnapshot`, as DevTools reads it). */
  heapSnapshot: ({ file }) => writeHeapSnapshot(file),
  stop: async () => {
    stopping = true;
    for (const client of server?.clients ?? []) client.terminate();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    upstream.destroy();
  },
});
