import http from 'node:http';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { EventStream } from '../support/event-stream.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import { connectClient, EVENTS_QUERY } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

const SESSION = '0000Na9B26EF006E';
const SESSION_PATH = `/api/v2/me/smssessions/${SESSION}`;
/** Where the gateway checks a credential it has not seen. */
const ME_PATH = '/api/v2/me';
/** SetInFocus is confirmed by silence: with a minute's quiet window, it is awaited that long. */
const AWAITED_MUTATION = `mutation {
  setSmsSessionInFocus(id: "${SESSION}", awaitOutcome: true, timeoutMs: 60000) { outcome }
}`;

describe('a client that goes away while its operation is set up or running', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { OUTCOME_QUIET_WINDOW_MS: '60000' } });
  });
  afterEach(() => stack.close());

  /** Once the operation is sent and its outcome awaited; the request log starts there. */
  const awaiting = async () => {
    await waitFor(
      () =>
        stack.gateway.stats().subscribers === 1 &&
        stack.simulator
          .requests()
          .some((request) => request.method === 'POST' && request.path === SESSION_PATH),
    );
    stack.simulator.clearRequests();
  };

  /** The awaiting ends at once: its event watch is gone and the session is not read afterwards. */
  const stoppedAwaiting = async () => {
    await waitFor(() => stack.gateway.stats().subscribers === 0, 2_000);
    const reads = stack.simulator.requests().filter((request) => request.path === SESSION_PATH);
    expect(reads).toEqual([]);
  };

  it('over HTTP: closing the request ends the awaiting', async () => {
    const request = new AbortController();
    const answer = fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('testname') },
      body: JSON.stringify({ query: AWAITED_MUTATION }),
      signal: request.signal,
    });
    await awaiting();
    request.abort();
    await expect(answer).rejects.toThrow();
    await stoppedAwaiting();
  });

  it('over HTTP: closing a kept-alive connection in its second request ends the awaiting', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      http.request(stack.url, {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic('testname') },
      });
    const sockets = new Set<unknown>();
    const first = post();
    first.on('socket', (socket) => sockets.add(socket));
    const firstStatus = new Promise<number | undefined>((resolve, reject) => {
      first.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      });
      first.on('error', reject);
    });
    first.end(JSON.stringify({ query: `{ smsSession(id: "${SESSION}") { id } }` }));
    expect(await firstStatus).toBe(200);
    const second = post();
    second.on('socket', (socket) => sockets.add(socket));
    second.on('error', () => undefined);
    second.end(JSON.stringify({ query: AWAITED_MUTATION }));
    await awaiting();
    expect(sockets.size).toBe(1);
    second.destroy();
    await stoppedAwaiting();
    agent.destroy();
  });

  it('over WebSocket: closing the socket ends the awaiting', async () => {
    const client = connectClient(stack.url, { Authorization: basic('testname') });
    const ignore = () => undefined;
    client.subscribe(
      { query: AWAITED_MUTATION },
      { next: ignore, error: ignore, complete: ignore },
    );
    await awaiting();
    await client.dispose();
    await stoppedAwaiting();
  });

  it('over WebSocket: completing the mutation ends the awaiting', async () => {
    // Not lazy: the connection stays open once its last operation is completed.
    const client = createClient({
      url: stack.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: { Authorization: basic('testname') },
    });
    const ignore = () => undefined;
    const complete = client.subscribe(
      { query: AWAITED_MUTATION },
      { next: ignore, error: ignore, complete: ignore },
    );
    await awaiting();
    complete();
    await stoppedAwaiting();
    await client.dispose();
  });

  it('over Server-Sent Events: leaving while the credential is checked leaves nothing running', async () => {
    // A credential the gateway has not seen yet is checked with GWS, which answers slowly here.
    const authorization = basic('dlee');
    stack.simulator.setResponseDelay(300);
    const leaving = http.request(new URL('/graphql/stream', stack.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization },
    });
    leaving.on('error', () => undefined);
    leaving.end(JSON.stringify({ query: EVENTS_QUERY }));
    await waitFor(() => stack.simulator.requests().some((request) => request.path === ME_PATH));
    leaving.destroy();
    // Asked after the first, as slowly: once it opens, the first stream's setup is over.
    const { stream } = await EventStream.open(`${stack.url}/stream`, {
      authorization,
      body: { query: EVENTS_QUERY },
    });
    stream.close();
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });
});
