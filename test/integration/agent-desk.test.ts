import { DIALECTS } from '../support/dialects.js';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';
import { allReceiving, Subscriber, type ReceivedEvent } from '../support/subscriber.js';
import { repeatUntil } from '../support/wait.js';

const SEED_SESSION = '0000Na9B26EF006E';

const AGENT_STATES = '{ agentStates { id displayName state } }';
const SET_STATE = `mutation ($channel: String!, $state: AgentChannelState!, $reason: ID) {
  setAgentChannelState(channel: $channel, state: $state, reason: $reason) {
    operationName statusCode channels { channel state displayName stateId }
  }
}`;
const CHANNEL_EVENTS = `subscription {
  agentChannelEvents { channels { channel state displayName stateId } }
}`;
const TYPING = `mutation ($id: ID!) { startSmsTyping(id: $id) { statusCode } }`;
const SEND = `mutation ($id: ID!, $text: String!) { sendSmsMessage(id: $id, text: $text) { statusCode } }`;
const TRANSCRIPT = `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  smsSession(id: $id) {
    transcript(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { index type text } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
}`;

interface Page {
  edges: { cursor: string; node: { index: number; type: string; text: string | null } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number | null;
}

let stack: Stack;
const subscribers: Subscriber[] = [];

function posts() {
  return stack.simulator
    .requests()
    .filter((request) => request.method === 'POST')
    .map(({ path, body }) => ({ path, body }));
}

function messageReads() {
  return stack.simulator
    .requests()
    .filter((request) => request.method === 'GET' && request.path.endsWith('/messages'));
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  stack.simulator.clearRequests();
  const response = await stack.graphql<{ smsSession: { transcript: Page } }>(TRANSCRIPT, {
    variables: { id: SEED_SESSION, ...variables },
  });
  expect(response.errors).toBeUndefined();
  return response.data?.smsSession.transcript as Page;
}

const indices = (read: Page) => read.edges.map((edge) => edge.node.index);

function stateIdOf(event: ReceivedEvent): unknown {
  return (event.channels as { channel: string; stateId: string }[]).find(
    (entry) => entry.channel === 'sms',
  )?.stateId;
}

/**
 * A device subscribed to agentChannelEvents. It cannot tell when its subscription is in place:
 * another device changes the state back and forth until it has seen a change.
 */
async function channelSubscriber(): Promise<Subscriber> {
  const phone = new Subscriber(stack.url, basic('testname'), {
    query: CHANNEL_EVENTS,
    field: 'agentChannelEvents',
  });
  subscribers.push(phone);
  const warmUp = ['NotReady', 'AfterCallWork'];
  await repeatUntil(
    async (i) => {
      const reason = warmUp[i % 2];
      await stack.graphql(SET_STATE, {
        variables: { channel: 'sms', state: 'NOT_READY', reason },
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
    () => phone.events.length > 0,
  );
  return phone;
}

function channelReads() {
  return stack.simulator
    .requests()
    .filter((request) => request.method === 'GET' && request.path === '/api/v2/me/channels');
}

describe.each(DIALECTS)("the agent's desk (%s GWS dialect)", (_name, dialect) => {
  beforeEach(async () => {
    stack = await startStack({ simulator: { dialect } });
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
    await stack.close();
  });

  it('lists the agent states the contact centre configures, with their reasons', async () => {
    const response = await stack.graphql(AGENT_STATES);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      agentStates: [
        { id: 'Ready', displayName: 'Ready', state: 'READY' },
        { id: 'NotReady', displayName: 'Not Ready', state: 'NOT_READY' },
        { id: 'NotReady-Lunch', displayName: 'Out to Lunch', state: 'NOT_READY' },
        { id: 'NotReady-Training', displayName: 'Training', state: 'NOT_READY' },
        { id: 'AfterCallWork', displayName: 'After Call Work', state: 'NOT_READY' },
      ],
    });
  });

  it.each([
    ['NotReady-Lunch', 'Out to Lunch'],
    ['AfterCallWork', 'After Call Work'],
  ])(
    'sets NOT_READY with the reason %s, posting what its setting names',
    async (reason, displayName) => {
      stack.simulator.clearRequests();
      const response = await stack.graphql(SET_STATE, {
        variables: { channel: 'sms', state: 'NOT_READY', reason },
      });
      expect(response.errors).toBeUndefined();
      expect(response.data?.setAgentChannelState).toEqual({
        operationName: 'NotReady',
        statusCode: 0,
        channels: [{ channel: 'sms', state: 'NOT_READY', displayName, stateId: reason }],
      });
      const reasonFields =
        reason === 'AfterCallWork'
          ? { workMode: 'AfterCallWork' }
          : dialect.agentStateReason === 'reasonCode'
            ? { reasonCode: 'Lunch' }
            : { reasons: { ReasonCode: 'Lunch' } };
      expect(posts()).toEqual([
        { path: '/api/v2/me/channels/sms', body: { operationName: 'NotReady', ...reasonFields } },
      ]);
    },
  );

  it.each([
    ['an unknown reason', 'NotReady-Nap', 'NOT_READY'],
    ['a reason of another state', 'NotReady-Lunch', 'READY'],
    ['an empty reason', '', 'NOT_READY'],
  ])('refuses %s before anything is posted', async (_case, reason, state) => {
    stack.simulator.clearRequests();
    const response = await stack.graphql(SET_STATE, {
      variables: { channel: 'sms', state, reason },
    });
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(posts()).toEqual([]);
  });

  it('refuses a reason longer than any agent state id without asking GWS anything', async () => {
    stack.simulator.clearRequests();
    const response = await stack.graphql(SET_STATE, {
      variables: { channel: 'sms', state: 'NOT_READY', reason: 'x'.repeat(257) },
    });
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requests()).toEqual([]);
  });

  it("shows one device's state change to the agent's other device", async () => {
    const phone = await channelSubscriber();

    const desk = await stack.graphql(SET_STATE, {
      variables: { channel: 'sms', state: 'NOT_READY', reason: 'NotReady-Lunch' },
    });
    expect(desk.errors).toBeUndefined();
    const seen = await phone.waitFor((event) => stateIdOf(event) === 'NotReady-Lunch');
    expect(seen.channels).toContainEqual({
      channel: 'sms',
      state: 'NOT_READY',
      displayName: 'Out to Lunch',
      stateId: 'NotReady-Lunch',
    });
    await stack.graphql(SET_STATE, { variables: { channel: 'sms', state: 'READY' } });
    await phone.waitFor((event) => stateIdOf(event) === 'Ready');
    expect(phone.errors).toEqual([]);
  });

  it("re-sends the agent's channels after an upstream reconnect, read only for their subscribers", async () => {
    const sessions = new Subscriber(stack.url, basic('testname'));
    subscribers.push(sessions);
    const phone = await channelSubscriber();
    await stack.graphql(SET_STATE, {
      variables: { channel: 'sms', state: 'NOT_READY', reason: 'NotReady-Training' },
    });
    // Notifications come in order: once this one is in, no earlier one is still on its way.
    await phone.waitFor((event) => stateIdOf(event) === 'NotReady-Training');
    const before = phone.events.length;
    stack.simulator.clearRequests();
    stack.simulator.restartNotifications();
    await phone.waitFor((event) => phone.events.indexOf(event) >= before, 15_000);
    expect(phone.events.slice(before)).toEqual([
      {
        channels: [
          {
            channel: 'sms',
            state: 'NOT_READY',
            displayName: 'Training',
            stateId: 'NotReady-Training',
          },
        ],
      },
    ]);
    await sessions.waitFor((event) => event.notificationType === 'RESYNC', 15_000);
    expect(channelReads()).toHaveLength(1);

    // Without a subscriber of the channels, a reconnect re-reads the sessions only.
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
    const alone = new Subscriber(stack.url, basic('testname'));
    subscribers.push(alone);
    await allReceiving(stack.simulator, SEED_SESSION, alone);
    stack.simulator.clearRequests();
    stack.simulator.restartNotifications();
    await alone.waitFor((event) => event.notificationType === 'RESYNC', 15_000);
    expect(channelReads()).toEqual([]);
  });

  it('pages the transcript both ways across gaps in its indices, one read a page', async () => {
    // Typing takes an index the transcript does not keep: gaps at 5 and 7.
    stack.simulator.setDialect({ transcriptGaps: true });
    for (const [query, variables] of [
      [TYPING, { id: SEED_SESSION }],
      [SEND, { id: SEED_SESSION, text: 'six' }],
      [TYPING, { id: SEED_SESSION }],
      [SEND, { id: SEED_SESSION, text: 'eight' }],
      [SEND, { id: SEED_SESSION, text: 'nine' }],
    ] as const) {
      const response = await stack.graphql(query, { variables });
      expect(response.errors).toBeUndefined();
    }

    const first = await page({ first: 3 });
    expect(indices(first)).toEqual([1, 2, 3]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(messageReads()).toHaveLength(1);
    const second = await page({ first: 3, after: first.pageInfo.endCursor });
    expect(indices(second)).toEqual([4, 6, 8]);
    expect(second.edges.map((edge) => edge.node.text)).toEqual([
      expect.any(String),
      'six',
      'eight',
    ]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(messageReads()).toHaveLength(1);
    const third = await page({ first: 3, after: second.pageInfo.endCursor });
    expect(indices(third)).toEqual([9]);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const tail = await page({ last: 2 });
    expect(indices(tail)).toEqual([8, 9]);
    expect(tail).toMatchObject({
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
      totalCount: 7,
    });
    expect(messageReads()).toHaveLength(1);
    // Backward over the gaps: the window just below index 8 (5 to 7) holds only 6, so the
    // entries before the window are read too: two reads.
    const back = await page({ last: 2, before: tail.pageInfo.startCursor });
    expect(indices(back)).toEqual([4, 6]);
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(messageReads()).toHaveLength(2);
    const start = await page({ last: 5, before: back.pageInfo.startCursor });
    expect(indices(start)).toEqual([1, 2, 3]);
    expect(start.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(messageReads().length).toBeLessThanOrEqual(2);
  });

  it.each([
    ['first and last together', { first: 2, last: 2 }],
    ['a page over 100', { first: 101 }],
    ['a negative page', { last: -1 }],
    ['a cursor that is none', { first: 2, after: 'not-a-cursor' }],
    ['a cursor of another session', { first: 2, after: 'otherSession' }],
  ])('refuses %s before reading the transcript', async (_case, variables) => {
    const args: Record<string, unknown> = { ...variables };
    if (args.after === 'otherSession') {
      const other = await stack.graphql<{ smsSessions: { id: string }[] }>(
        '{ smsSessions { id } }',
      );
      const otherId = other.data?.smsSessions.find((session) => session.id !== SEED_SESSION)?.id;
      const otherPage = await stack.graphql<{ smsSession: { transcript: Page } }>(TRANSCRIPT, {
        variables: { id: otherId, first: 1 },
      });
      args.after = otherPage.data?.smsSession.transcript.pageInfo.endCursor;
    }
    stack.simulator.clearRequests();
    const response = await stack.graphql(TRANSCRIPT, { variables: { id: SEED_SESSION, ...args } });
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(messageReads()).toEqual([]);
  });
});
