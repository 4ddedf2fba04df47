import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { scrapeMetrics, seriesValue } from '../support/metrics.js';
import { MultipartSubscription } from '../support/multipart.js';
import { basic, startStack, type Stack } from '../support/stack.js';
import {
  allReceiving,
  EVENTS_QUERY,
  hasText,
  Subscriber,
  type ReceivedEvent,
} from '../support/subscriber.js';
import { repeatUntil, waitFor } from '../support/wait.js';

/**
 * Subscriptions over HTTP in Apollo's multipart protocol on /graphql: the same admission, fan-out
 * and cursors as every other transport.
 */

const SEED_SESSION = '0000Na9B26EF006E';
const RESUMABLE_QUERY = `subscription ($after: String) {
  smsSessionEvents(after: $after) {
    __typename cursor sessionId
    ... on SmsMessagesAdded { messages { text } }
  }
}`;

let stack: Stack;
const opened: MultipartSubscription[] = [];
const subscribers: Subscriber[] = [];

beforeAll(async () => {
  stack = await startStack({
    env: {
      MULTIPART_HEARTBEAT_MS: '1000',
      SUBSCRIBER_QUEUE_CAPACITY: '4',
      SUBSCRIBER_CATCH_UP_MS: '500',
    },
  });
});
afterAll(() => stack.close());
afterEach(async () => {
  for (const subscription of opened.splice(0)) subscription.close();
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
  await waitFor(() => stack.gateway.stats().subscribers === 0);
});

async function subscribe(
  body: unknown,
  options: { authorization?: string; headers?: Record<string, string>; method?: 'GET' } = {},
) {
  const authorization = 'authorization' in options ? options.authorization : basic('testname');
  const answer = await MultipartSubscription.open(stack.url, { ...options, authorization, body });
  opened.push(answer.subscription);
  return answer;
}

const texts = (events: ReceivedEvent[]) =>
  events.flatMap((event) =>
    event.__typename === 'SmsMessagesAdded'
      ? (event.messages as { text: string }[]).map((message) => message.text)
      : [],
  );

describe('multipart HTTP subscriptions', () => {
  it('streams events as payload parts, with heartbeats between them', async () => {
    const { subscription, status, headers } = await subscribe({ query: EVENTS_QUERY });
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('multipart/mixed;boundary="-";subscriptionSpec="1.0"');
    expect(headers['cache-control']).toBe('no-store');
    await allReceiving(stack.simulator, SEED_SESSION, subscription);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'over multipart');
    expect((await subscription.waitFor(hasText('over multipart'))).sessionId).toBe(SEED_SESSION);
    await waitFor(() => subscription.heartbeats > 0, 5_000);
    expect(subscription.parts).toContainEqual({});
    expect(subscription.errors).toEqual([]);
    const metrics = await (await fetch(new URL('/metrics', stack.url))).text();
    expect(metrics).toMatch(
      /^gateway_graphql_requests_total\{transport="multipart",operation="anonymous",outcome="ok"\} \d+$/m,
    );
    expect(seriesValue(metrics, 'gateway_open_multipart_streams')).toBe(1);
    expect(seriesValue(metrics, 'gateway_open_event_streams')).toBe(0);
    // A client that goes away ends its subscription.
    subscription.close();
    await waitFor(() => stack.gateway.stats().subscribers === 0);
    await waitFor(
      async () =>
        seriesValue(await scrapeMetrics(stack.url), 'gateway_open_multipart_streams') === 0,
    );
  });

  it('serves Apollo Client’s HttpLink', async () => {
    const client = new ApolloClient({
      link: ApolloLink.from([
        new HttpLink({ uri: stack.url, headers: { authorization: basic('testname') } }),
      ]),
      cache: new InMemoryCache(),
    });
    const received: ReceivedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = client
      .subscribe<{ smsSessionEvents: ReceivedEvent }>({
        query: gql(EVENTS_QUERY),
        variables: { id: SEED_SESSION },
      })
      .subscribe({
        next: ({ data, error }) => {
          if (data?.smsSessionEvents) received.push(data.smsSessionEvents);
          if (error) errors.push(error);
        },
        error: (error: unknown) => errors.push(error),
      });
    try {
      await allReceiving(stack.simulator, SEED_SESSION, { events: received });
      stack.simulator.sendCustomerMessage(SEED_SESSION, 'to Apollo Client');
      await waitFor(() => received.some(hasText('to Apollo Client')));
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
      client.stop();
    }
    await waitFor(() => stack.gateway.stats().subscribers === 0);
  });

  it('replays what a subscription missed when it resumes with after', async () => {
    const witness = new Subscriber(stack.url, basic('testname'), { query: RESUMABLE_QUERY });
    subscribers.push(witness);
    const { subscription: first } = await subscribe({ query: RESUMABLE_QUERY });
    await allReceiving(stack.simulator, SEED_SESSION, first, witness);
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'before the tunnel');
    const cursor = (await first.waitFor(hasText('before the tunnel'))).cursor as string;
    first.close();
    for (const text of ['missed 1', 'missed 2'])
      stack.simulator.sendCustomerMessage(SEED_SESSION, text);
    await witness.waitFor(hasText('missed 2'));
    const { subscription: resumed } = await subscribe({
      query: RESUMABLE_QUERY,
      variables: { after: cursor },
    });
    await resumed.waitFor(hasText('missed 2'));
    expect(texts(resumed.events)).toEqual(['missed 1', 'missed 2']);
  });

  it('takes a GET that carries a preflight header', async () => {
    const query = encodeURIComponent(EVENTS_QUERY);
    const url = `${stack.url}?query=${query}`;
    const refused = await MultipartSubscription.open(url, {
      authorization: basic('testname'),
      method: 'GET',
    });
    expect(refused.status).toBe(400);
    const { subscription, status } = await MultipartSubscription.open(url, {
      authorization: basic('testname'),
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
    });
    opened.push(subscription);
    expect(status).toBe(200);
    await allReceiving(stack.simulator, SEED_SESSION, subscription);
  });

  it('refuses a mutation with 400 and BAD_USER_INPUT, sending nothing upstream', async () => {
    stack.simulator.clearRequests();
    const { status, body } = await subscribe({
      query: `mutation { rejectSmsSession(id: "${SEED_SESSION}") { statusCode } }`,
    });
    expect(status).toBe(400);
    expect(JSON.parse(body as string).errors).toEqual([
      {
        message: expect.stringContaining('Only subscriptions'),
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('refuses a subscription sent without the multipart Accept, naming where subscriptions are served', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic('testname') },
      body: JSON.stringify({ query: EVENTS_QUERY }),
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { message: string }[] };
    expect(errors[0]?.message).toContain('multipart/mixed;subscriptionSpec="1.0"');
  });

  it('answers an operation that does not validate with 400 and a coded error', async () => {
    const { status, body } = await subscribe({
      query: 'subscription { smsSessionEvents { nope } }',
    });
    expect(status).toBe(400);
    expect(JSON.parse(body as string).errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });

  it.each([
    ['a body that is no object', [1, 2]],
    ['variables that are no object', { query: EVENTS_QUERY, variables: 'x' }],
  ])('answers %s with 400 and BAD_USER_INPUT', async (_case, body) => {
    const { status, body: text } = await subscribe(body);
    expect(status).toBe(400);
    expect(JSON.parse(text as string).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('ends a subscription that stops reading with the transport error, then closes the body', async () => {
    const reader = new Subscriber(stack.url, basic('testname'));
    subscribers.push(reader);
    const copies = Array.from({ length: 15 }, (_, i) => `copy${i}: messages { text }`).join(' ');
    const { subscription: slow } = await subscribe({
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
    await waitFor(() => slow.closed);
    expect(slow.transportErrors).toEqual([
      { message: 'Subscriber too slow', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } },
    ]);
    expect(slow.parts.at(-1)).toEqual({
      payload: null,
      errors: [{ message: 'Subscriber too slow', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } }],
    });
    expect(reader.closeCode).toBeUndefined();
  });

  it('ends open subscriptions at shutdown with the transport error', async () => {
    const own = await startStack();
    try {
      const { subscription } = await MultipartSubscription.open(own.url, {
        authorization: basic('testname'),
        body: { query: EVENTS_QUERY },
      });
      opened.push(subscription);
      await allReceiving(own.simulator, SEED_SESSION, subscription);
      await own.close();
      await waitFor(() => subscription.closed);
      expect(subscription.transportErrors).toEqual([
        { message: 'Server shutting down', extensions: { code: 'UPSTREAM_UNAVAILABLE' } },
      ]);
    } finally {
      await own.close();
    }
  });
});
