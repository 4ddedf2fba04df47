import http from 'node:http';
import net from 'node:net';
import { startSimulator, type Simulator } from '../../simulator/index.js';
import { GatewayProcess } from '../support/gateway-process.js';
import { basic, startStack } from '../support/stack.js';
import { Subscriber } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SESSION = '0000Na9B26EF006E';
/** How long the request in flight lasts: the quiet window that confirms SetInFocus. */
const IN_FLIGHT_MS = 4_000;

/** One GET over `agent`, so the test decides which connection it rides. */
function get(agent: http.Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function connectionRefused(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM', () => {
  let simulator: Simulator;
  let gateway: GatewayProcess | undefined;
  const readiness = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    simulator = await startSimulator();
  });
  afterAll(async () => {
    readiness.destroy();
    await gateway?.kill();
    await simulator.close();
  });

  it('drains: readiness fails, no new connections, the request in flight is answered, WebSockets close with 1001, streams end, exit 0', async () => {
    const started = await GatewayProcess.start({
      GWS_BASE_URL: simulator.url,
      OUTCOME_QUIET_WINDOW_MS: String(IN_FLIGHT_MS),
      SHUTDOWN_GRACE_MS: '20000',
      LOG_LEVEL: 'info',
      PLAYGROUND: 'off',
    });
    gateway = started.gateway;
    const readyz = new URL('/readyz', started.url);

    const subscriber = new Subscriber(started.url, basic('testname'));
    await waitFor(() => simulator.notificationStats().testname?.connectedClients === 1);

    const inFlight = fetch(started.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('testname') },
      body: JSON.stringify({
        query: `mutation { setSmsSessionInFocus(id: "${SESSION}", awaitOutcome: true) { outcome } }`,
      }),
    });
    await waitFor(() =>
      simulator
        .requests()
        .some((request) => request.method === 'POST' && request.path.endsWith(SESSION)),
    );
    // A kept-alive connection, as a load balancer's, to read readiness on during the drain.
    expect(await get(readiness, readyz)).toBe(200);

    gateway.signal('SIGTERM');
    await gateway.logged('draining');
    expect(await get(readiness, readyz)).toBe(503);
    expect(await connectionRefused(readyz)).toBe(true);
    expect(await subscriber.waitForClose()).toBe(1001);

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await answer.json()).toEqual({
      data: { setSmsSessionInFocus: { outcome: 'CONFIRMED' } },
    });

    expect(await gateway.exitCode()).toBe(0);
    expect(simulator.notificationStats().testname?.connectedClients).toBe(0);
  });
});

describe('a drain whose grace period ends', () => {
  it('cuts off the request still in flight, and a second close() waits for the same drain', async () => {
    const stack = await startStack({
      env: { OUTCOME_QUIET_WINDOW_MS: '60000', SHUTDOWN_GRACE_MS: '300' },
    });
    try {
      const answer = fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic('testname') },
        body: JSON.stringify({
          query: `mutation { setSmsSessionInFocus(id: "${SESSION}", awaitOutcome: true, timeoutMs: 60000) { outcome } }`,
        }),
      }).then(
        () => 'answered',
        () => 'cut off',
      );
      await waitFor(() =>
        stack.simulator
          .requests()
          .some((request) => request.method === 'POST' && request.path.endsWith(SESSION)),
      );
      await Promise.all([stack.gateway.close(), stack.gateway.close()]);
      expect(await answer).toBe('cut off');
    } finally {
      await stack.close();
    }
  });
});

describe('an event stream opened while the gateway drains', () => {
  it('is refused with 503 instead of holding the drain for the grace period', async () => {
    const stack = await startStack({
      env: { OUTCOME_QUIET_WINDOW_MS: '1000', SHUTDOWN_GRACE_MS: '60000' },
    });
    const kept = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // In flight for the quiet window: the drain is still going on when the stream arrives.
      const answer = fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic('testname') },
        body: JSON.stringify({
          query: `mutation { setSmsSessionInFocus(id: "${SESSION}", awaitOutcome: true) { outcome } }`,
        }),
      }).then((response) => response.status);
      await waitFor(() =>
        stack.simulator
          .requests()
          .some((request) => request.method === 'POST' && request.path.endsWith(SESSION)),
      );
      // A connection kept alive from before the drain, on which the stream then arrives.
      expect(await get(kept, new URL('/healthz', stack.url))).toBe(200);
      const drained = stack.gateway.close();
      const streamStatus = new Promise<number>((resolve, reject) => {
        http
          .request(
            new URL('/graphql/stream', stack.url),
            {
              agent: kept,
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                accept: 'text/event-stream',
                authorization: basic('testname'),
              },
            },
            (response) => {
              response.resume();
              resolve(response.statusCode ?? 0);
            },
          )
          .on('error', reject)
          .end(JSON.stringify({ query: 'subscription { smsSessionEvents { sessionId } }' }));
      });
      expect(await streamStatus).toBe(503);
      await drained;
      expect(await answer).toBe(200);
    } finally {
      kept.destroy();
      await stack.close();
    }
  }, 20_000);
});
