import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';
import { allReceiving, connectClient, EVENTS_QUERY, Subscriber } from '../support/subscriber.js';
import { waitFor } from '../support/wait.js';

/** SetInFocus is confirmed by silence: with a minute's quiet window, it is awaited that long. */
const AWAITED_MUTATION = `mutation {
  setSmsSessionInFocus(id: "0000Na9B26EF006E", awaitOutcome: true, timeoutMs: 60000) { outcome }
}`;

let stack: Stack;
afterEach(() => stack.close());

/** A raw graphql-transport-ws socket, to do what well-behaved clients do not. */
async function rawSocket(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, closed };
}

describe('the WebSocket endpoint', () => {
  it('closes a connection that sends no connection_init in time with 4408', async () => {
    stack = await startStack({ env: { WS_CONNECTION_INIT_TIMEOUT_MS: '200' } });
    const { closed } = await rawSocket(stack.url);
    expect(await closed).toBe(4408);
  });

  it('refuses operations beyond the per-connection cap, leaving the others running', async () => {
    stack = await startStack({ env: { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' } });
    const client = connectClient(stack.url, { Authorization: basic('testname') });
    try {
      const first = client.iterate({ query: EVENTS_QUERY });
      const second = client.iterate({ query: EVENTS_QUERY });
      const pending = Promise.all([first.next(), second.next()]);
      const third = client.iterate({ query: '{ me { userName } }' });
      await expect(third.next()).rejects.toEqual([
        expect.objectContaining({
          message: 'At most 2 operations at once on one connection.',
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      // The customer writes until both subscriptions have an event: when they are in place
      // upstream is not something a client can see.
      let settled = false;
      pending.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let attempt = 0; !settled; attempt += 1) {
        if (attempt === 100) throw new Error('the two subscriptions saw no event within 20 s');
        stack.simulator.sendCustomerMessage('0000Na9B26EF006E', `still flowing ${attempt}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await expect(pending).resolves.toHaveLength(2);
      await first.return?.();
      await second.return?.();
    } finally {
      await client.dispose();
    }
  });

  it('counts an operation the client completed until its work has ended', async () => {
    stack = await startStack({
      env: { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2', OUTCOME_QUIET_WINDOW_MS: '60000' },
    });
    const { socket } = await rawSocket(stack.url);
    const messages: { id?: string; type: string; payload?: unknown }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    const send = (message: object) => socket.send(JSON.stringify(message));
    const watches = () => stack.gateway.stats().subscribers;
    send({ type: 'connection_init', payload: { Authorization: basic('testname') } });
    await waitFor(() => messages.some((message) => message.type === 'connection_ack'));
    // Subscribed and completed again and again: each completed one stops awaiting at once.
    for (const id of ['1', '2', '3', '4']) {
      send({ id, type: 'subscribe', payload: { query: AWAITED_MUTATION } });
      await waitFor(() => watches() === 1);
      send({ id, type: 'complete' });
      await waitFor(() => watches() === 0, 2_000);
    }
    for (const id of ['5', '6', '7']) {
      send({ id, type: 'subscribe', payload: { query: AWAITED_MUTATION } });
    }
    await waitFor(() => messages.some((message) => message.id === '7'));
    expect(messages.find((message) => message.id === '7')).toEqual({
      id: '7',
      type: 'error',
      payload: [
        expect.objectContaining({ message: 'At most 2 operations at once on one connection.' }),
      ],
    });
    await waitFor(() => watches() === 2);
    socket.close();
  });

  it('closes subscribers with 1001 when the gateway shuts down', async () => {
    stack = await startStack();
    const subscriber = new Subscriber(stack.url, basic('testname'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = stack.gateway.close();
    expect(await subscriber.waitForClose()).toBe(1001);
    await closing;
    await subscriber.dispose();
    await stack.simulator.close();
    // afterEach closes `stack`: hand it one still open.
    stack = await startStack();
  });

  it('closes with 1014, which clients retry, when GWS cannot be asked about the credentials', async () => {
    const blackHole = http.createServer();
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    await new Promise((resolve) => blackHole.close(resolve));
    stack = await startStack({ gwsBaseUrl: `http://127.0.0.1:${port}` });
    const subscriber = new Subscriber(stack.url, basic('testname'));
    expect(await subscriber.waitForClose()).toBe(1014);
    await subscriber.dispose();
  });

  it.each([
    [
      'a query that does not parse',
      'subscription { smsSessionEvents {',
      {},
      'GRAPHQL_PARSE_FAILED',
    ],
    ['a field the schema lacks', '{ me { shoeSize } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a variable of the wrong type',
      'query ($id: ID!) { smsSession(id: $id) { id } }',
      { id: { not: 'an id' } },
      'BAD_REQUEST',
    ],
  ])(
    'answers %s with BAD_USER_INPUT and keeps the connection',
    async (_case, query, variables, reason) => {
      stack = await startStack();
      const client = connectClient(stack.url, { Authorization: basic('testname') });
      const live = new Subscriber(stack.url, basic('testname'));
      try {
        // graphql-ws reports a request it cannot run as an error, or as a result with errors.
        const errors = await client
          .iterate({ query, variables })
          .next()
          .then(
            (result) => (result.value as { errors?: unknown[] } | undefined)?.errors,
            (thrown: unknown) => thrown,
          );
        expect(errors).toEqual([
          expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason } }),
        ]);
        const stillWorks = await client.iterate({ query: '{ me { userName } }' }).next();
        expect(stillWorks.value).toEqual({ data: { me: { userName: 'testname' } } });
        await allReceiving(stack.simulator, '0000Na9B26EF006E', live);
      } finally {
        await live.dispose();
        await client.dispose();
      }
    },
  );

  it('closes with 4403 when GWS later refuses the agent’s credentials on the notification stream', async () => {
    stack = await startStack();
    const subscriber = new Subscriber(stack.url, basic('dlee'));
    const witness = new Subscriber(stack.url, basic('testname'));
    try {
      // Once the witness receives, the gateway has taken both connections.
      await allReceiving(stack.simulator, '0000Na9B26EF006E', witness);
      await waitFor(() => stack.gateway.stats().agentStreams === 2);
      stack.simulator.changePassword('dlee', 'rotated');
      // The next handshake, after the notification service restarts, carries the old password.
      stack.simulator.restartNotifications();
      expect(await subscriber.waitForClose(10_000)).toBe(4403);
      expect(witness.closeCode).toBeUndefined();
    } finally {
      await subscriber.dispose();
      await witness.dispose();
    }
  });

  it('tells an HTTP client that subscriptions need the WebSocket', async () => {
    stack = await startStack();
    const response = await stack.graphql('subscription { smsSessionEvents { sessionId } }');
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(stack.gateway.stats().agentStreams).toBe(0);
  });
});
