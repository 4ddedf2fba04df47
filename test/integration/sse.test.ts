import { createClient } from 'graphql-sse';
import { EventStream } from '../support/event-stream.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import {
  allReceiving,
  EVENTS_QUERY,
  hasText,
  Subscriber,
  type ReceivedEvent,
} from '../support/subscriber.js';
import { repeatUntil, waitFor } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';
const RESUMABLE_QUERY = `subscription ($after: String) {
  smsSessionEvents(after: $after) {
    __typename cursor sessionId
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

const streams: EventStream[] = [];
const subscribers: Subscriber[] = [];

async function openStream(url: string, body: unknown, as: { authorization?: string } = {}) {
  const authorization = 'authorization' in as ? as.authorization : basic('testname');
  const opened = await EventStream.open(`${url}/stream`, { authorization, body });
  streams.push(opened.stream);
  return opened;
}

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
});

const texts = (events: ReceivedEvent[]) =>
  events.flatMap((event) =>
    event.__typename === 'SmsMessagesAdded'
      ? (event.messages as { text: string }[]).map((message) => message.text)
      : [],
  );

describe('GraphQL over Server-Sent Events at /graphql/stream', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        SUBSCRIBER_QUEUE_CAPACITY: '4',
        SUBSCRIBER_CATCH_UP_MS: '500',
        CORS_ORIGINS: 'https://app.example.com',
      },
    });
  });
  afterAll(() => stack.close());

  it('streams live events of a subscription', async () => {
    const { stream, status, headers } = await openStream(stack.url, { query: EVENTS_QUERY });
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    await allReceiving(stack.simulator, SEED_SESSION, stream);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'over SSE');
    expect((await stream.waitFor(hasText('over SSE'))).sessionId).toBe(SEED_SESSION);
    expect(stream.errors).toEqual([]);
    const metrics = await (await fetch(new URL('/metrics', stack.url))).text();
    expect(metrics).toMatch(/^gateway_open_event_streams 1$/m);
    expect(metrics).toMatch(
      /^gateway_graphql_requests_total\{transport="sse",operation="anonymous",outcome="ok"\} 1$/m,
    );
    // A client that goes away ends its subscription.
    stream.close();
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });

  it('serves graphql-sse’s own client', async () => {
    const client = createClient({
      url: `${stack.url}/stream`,
      headers: { authorization: basic('testname') },
      retryAttempts: 0,
    });
    const received: ReceivedEvent[] = [];
    const unsubscribe = client.subscribe<{ smsSessionEvents: ReceivedEvent }>(
      { query: EVENTS_QUERY },
      {
        next: (result) => {
          if (result.data) received.push(result.data.smsSessionEvents);
        },
        error: (error) => received.push({ error } as unknown as ReceivedEvent),
        complete: () => undefined,
      },
    );
    try {
      await allReceiving(stack.simulator, SEED_SESSION, { events: received });
      expect(received.every((event) => event.sessionId === SEED_SESSION)).toBe(true);
    } finally {
      unsubscribe();
      client.dispose();
    }
  });

  it('replays what a stream missed when it resumes with after', async () => {
    const witness = new Subscriber(stack.url, basic('testname'), { query: RESUMABLE_QUERY });
    subscribers.push(witness);
    const { stream: first } = await openStream(stack.url, { query: RESUMABLE_QUERY });
    await allReceiving(stack.simulator, SEED_SESSION, first, witness);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'before the tunnel');
    const cursor = (await first.waitFor(hasText('before the tunnel'))).cursor as string;
    first.close();

    for (const text of ['missed 1', 'missed 2', 'missed 3']) {
      stack.simulator.sendCustomerMessage(SEED_SESSION, text);
    }
    await witness.waitFor(hasText('missed 3'));
    const { stream: resumed } = await openStream(stack.url, {
      query: RESUMABLE_QUERY,
      variables: { after: cursor },
    });
    await resumed.waitFor(hasText('missed 3'));
    expect(texts(resumed.events)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'live again');
    await resumed.waitFor(hasText('live again'));
  });

  it('names each event by its cursor, and resumes a stream opened with Last-Event-ID', async () => {
    const witness = new Subscriber(stack.url, basic('testname'), { query: RESUMABLE_QUERY });
    subscribers.push(witness);
    const { stream: first } = await openStream(stack.url, { query: RESUMABLE_QUERY });
    await allReceiving(stack.simulator, SEED_SESSION, first, witness);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'named 1');
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'named 2');
    await first.waitFor(hasText('named 2'));
    expect(first.eventIds).toEqual(first.events.map((event) => event.cursor));
    expect(first.eventIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    const lastEventId = first.eventIds.at(-1) as string;
    first.close();

    for (const text of ['away 1', 'away 2'])
      stack.simulator.sendCustomerMessage(SEED_SESSION, text);
    await witness.waitFor(hasText('away 2'));
    // No `after` in the operation: the header alone says where the stream left off.
    const opened = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic('testname'),
      body: { query: RESUMABLE_QUERY },
      headers: { 'last-event-id': lastEventId },
    });
    streams.push(opened.stream);
    const resumed = opened.stream;
    await resumed.waitFor(hasText('away 2'));
    expect(texts(resumed.events)).toEqual(['away 1', 'away 2']);
    expect(resumed.eventIds).toEqual(resumed.events.map((event) => event.cursor));
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'live after the header');
    await resumed.waitFor(hasText('live after the header'));
  });

  it.each([
    ['missing', undefined, 401, 'UNAUTHENTICATED'],
    ['refused', basic('testname', 'wrong'), 401, 'UNAUTHENTICATED'],
  ])('answers %s credentials before a stream opens', async (_case, authorization, status, code) => {
    const answer = await openStream(stack.url, { query: EVENTS_QUERY }, { authorization });
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body as string).errors[0].extensions.code).toBe(code);
  });

  it('answers an operation that does not validate with 400 and a coded error', async () => {
    const { status, body } = await openStream(stack.url, {
      query: 'subscription { smsSessionEvents { nope } }',
    });
    expect(status).toBe(400);
    expect(JSON.parse(body as string).errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });

  it('refuses another site’s origin with 403', async () => {
    const answer = await EventStream.open(`${stack.url}/stream`, {
      authorization: basic('testname'),
      body: { query: EVENTS_QUERY },
      headers: { origin: 'https://elsewhere.example.net' },
    });
    expect(answer.status).toBe(403);
  });

  it('ends a stream that stops reading with SUBSCRIBER_TOO_SLOW while another keeps receiving', async () => {
    const reader = new Subscriber(stack.url, basic('testname'));
    subscribers.push(reader);
    // Each event costs this stream fifteen copies of the message text: big enough, soon.
    const copies = Array.from({ length: 15 }, (_, i) => `copy${i}: messages { text }`).join(' ');
    const { stream: slow } = await openStream(stack.url, {
      query: `subscription { smsSessionEvents { __typename ... on SmsMessagesAdded { messages { text } ${copies} } } }`,
    });
    await allReceiving(stack.simulator, SEED_SESSION, reader, slow);
    slow.pause();
    const bulk = 'x'.repeat(4000);
    await repeatUntil(
      async (i) => {
        stack.simulator.sendCustomerMessage(SEED_SESSION, `${i} ${bulk}`);
        await reader.waitFor(hasText(`${i} ${bulk}`));
      },
      () => stack.gateway.stats().subscribers === 1,
    );
    slow.resume();
    await waitFor(() => slow.completed);
    expect(slow.errors).toEqual([
      { message: 'Subscriber too slow', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } },
    ]);
    expect(reader.closeCode).toBeUndefined();
  });
});

describe('Server-Sent Events refusals of their own stacks', () => {
  it('answers 429 with Retry-After past the rate limit', async () => {
    const stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '1' } });
    try {
      const first = await openStream(stack.url, { query: EVENTS_QUERY });
      expect(first.status).toBe(200);
      const second = await openStream(stack.url, { query: EVENTS_QUERY });
      expect(second.status).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(second.body as string).errors[0].extensions.code).toBe('RATE_LIMITED');
    } finally {
      for (const stream of streams.splice(0)) stream.close();
      await stack.close();
    }
  });

  it('ends open streams at shutdown instead of waiting out the grace period', async () => {
    const stack = await startStack({ env: { SHUTDOWN_GRACE_MS: '60000' } });
    const { stream } = await openStream(stack.url, { query: EVENTS_QUERY });
    await allReceiving(stack.simulator, SEED_SESSION, stream);
    await stack.close();
    await waitFor(() => stream.ended);
  });

  it('ends a stream with FORBIDDEN, then complete, when GWS later refuses the agent’s credentials', async () => {
    const stack = await startStack();
    try {
      const { stream } = await openStream(
        stack.url,
        { query: EVENTS_QUERY },
        { authorization: basic('dlee') },
      );
      const witness = new Subscriber(stack.url, basic('testname'));
      subscribers.push(witness);
      await allReceiving(stack.simulator, SEED_SESSION, witness);
      await waitFor(() => stack.gateway.stats().agentStreams === 2);
      stack.simulator.changePassword('dlee', 'rotated');
      // The next handshake, after the notification service restarts, carries the old password.
      stack.simulator.restartNotifications();
      await waitFor(() => stream.completed, 10_000);
      expect(stream.errors).toEqual([{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }]);
      expect(witness.closeCode).toBeUndefined();
    } finally {
      for (const stream of streams.splice(0)) stream.close();
      await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
      await stack.close();
    }
  });

  it('answers 503 when GWS cannot be asked about the credentials', async () => {
    const stack = await startStack({ gwsBaseUrl: 'http://127.0.0.1:9' });
    try {
      const answer = await openStream(stack.url, { query: EVENTS_QUERY });
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body as string).errors[0].extensions.code).toBe(
        'UPSTREAM_UNAVAILABLE',
      );
    } finally {
      await stack.close();
    }
  });
});
