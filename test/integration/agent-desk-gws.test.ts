import type { IncomingMessage } from 'node:http';
import type { WireMessage } from '../../src/gws/index.js';
import { CometdPeer } from '../support/cometd-peer.js';
import { startJsonGws, type JsonGws, type JsonGwsAnswer } from '../support/json-gws.js';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';
import { Subscriber, type ReceivedEvent } from '../support/subscriber.js';
import { repeatUntil } from '../support/wait.js';

/**
 * The agent's desk against GWS stand-ins that are not the simulator: agent-state settings spelled
 * in every way the gateway tolerates, channel notifications in the shapes client code shows, and
 * a transcript that grows between page reads.
 */

const AGENT = basic('agent', 'secret');
const SESSION = '0000Na9B26EF00D1';
const SET_STATE = `mutation ($state: AgentChannelState!, $reason: ID) {
  setAgentChannelState(channel: "sms", state: $state, reason: $reason) { operationName statusCode }
}`;
const TRANSCRIPT = `query ($first: Int, $after: String, $last: Int, $before: String) {
  smsSession(id: "${SESSION}") {
    transcript(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { index text } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

/** Settings as a contact centre might configure them, with entries the gateway must leave out. */
const SETTINGS = [
  // No id and no state: named by `name`, its state read from its operation.
  { name: 'Ready', displayName: 'Ready', operationName: 'Ready' },
  {
    id: 17,
    displayName: 'Lunch',
    state: 'NotReady',
    operationName: 'NotReady',
    reason: 'Lunch',
    reasonCode: 42,
  },
  {
    id: 'acw',
    displayName: 'After Call Work',
    state: 'NotReady',
    operationName: 'NotReady',
    workMode: 'AfterCallWork',
    reasons: { Code: 'ACW', Level: 2 },
    uri: 'http://gws.example.com/api/v2/settings/agent-states/acw',
  },
  { id: 'paused', displayName: 'Paused', state: 'Paused', operationName: 'Pause' },
  { displayName: 'No id' },
  { id: 'odd', displayName: 'Odd operation', operationName: 'Not Ready!' },
  { id: 'odd-reason', displayName: 'Odd reason', operationName: 'NotReady', reasons: 'Lunch' },
  'not an object',
];

interface ScriptedGws {
  gws: JsonGws;
  posts: { path: string; body: unknown }[];
  messageReads: string[];
}

/** A GWS answering from `answer`, or the agent's identity and a 404 envelope; POSTs recorded. */
async function scriptedGws(
  answer: (request: IncomingMessage, url: URL) => JsonGwsAnswer | undefined,
): Promise<ScriptedGws> {
  const posts: { path: string; body: unknown }[] = [];
  const messageReads: string[] = [];
  const gws = await startJsonGws((request, body) => {
    const url = new URL(request.url ?? '/', 'http://gws');
    if (request.method === 'POST') posts.push({ path: url.pathname, body });
    if (url.pathname.endsWith('/messages')) messageReads.push(url.search);
    if (request.method === 'GET' && url.pathname === '/api/v2/me') {
      return [200, { statusCode: 0, user: { id: 'u1', userName: 'agent' } }];
    }
    return answer(request, url) ?? [404, { statusCode: 6, statusMessage: 'Not found' }];
  });
  return { gws, posts, messageReads };
}

describe('agent states against a scripted GWS', () => {
  let scripted: ScriptedGws;
  let stack: Stack;
  let settingsKey: string;

  beforeEach(async () => {
    settingsKey = 'settings';
    scripted = await scriptedGws((request, url) => {
      if (request.method === 'GET' && url.pathname === '/api/v2/settings/agent-states') {
        return [200, { statusCode: 0, [settingsKey]: SETTINGS }];
      }
      // GWS 8.5.1's answer to a state change.
      if (request.method === 'POST' && url.pathname === '/api/v2/me/channels/sms') {
        return [200, { status: 'ok' }];
      }
      return undefined;
    });
    stack = await startStack({ gwsBaseUrl: scripted.gws.url });
  });

  afterEach(async () => {
    await stack.close();
    await scripted.gws.close();
  });

  it.each(['settings', 'agentStates'])(
    'lists the usable settings (under %s), leaving out what cannot be sent',
    async (key) => {
      settingsKey = key;
      const response = await stack.graphql('{ agentStates { id displayName state } }', {
        authorization: AGENT,
      });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({
        agentStates: [
          { id: 'Ready', displayName: 'Ready', state: 'READY' },
          { id: '17', displayName: 'Lunch', state: 'NOT_READY' },
          { id: 'acw', displayName: 'After Call Work', state: 'NOT_READY' },
          { id: 'paused', displayName: 'Paused', state: 'UNKNOWN' },
        ],
      });
    },
  );

  it.each([
    ['17', { operationName: 'NotReady', reason: 'Lunch', reasonCode: 42 }],
    [
      'acw',
      { operationName: 'NotReady', workMode: 'AfterCallWork', reasons: { Code: 'ACW', Level: 2 } },
    ],
  ])(
    'posts the operation and reason fields of the setting %s, nothing else',
    async (reason, body) => {
      const response = await stack.graphql(SET_STATE, {
        variables: { state: 'NOT_READY', reason },
        authorization: AGENT,
      });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({
        setAgentChannelState: { operationName: 'NotReady', statusCode: 0 },
      });
      expect(scripted.posts).toEqual([{ path: '/api/v2/me/channels/sms', body }]);
    },
  );

  it.each([
    ['a reason the settings leave out', 'odd', 'NOT_READY'],
    ['a reason the settings do not have', 'nap', 'NOT_READY'],
    ['a reason of another state', 'Ready', 'NOT_READY'],
  ])('refuses %s before anything is posted', async (_case, reason, state) => {
    const response = await stack.graphql(SET_STATE, {
      variables: { state, reason },
      authorization: AGENT,
    });
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(scripted.posts).toEqual([]);
  });
});

describe('channel state notifications from a CometD GWS', () => {
  const CHANNEL_EVENTS = `subscription {
    agentChannelEvents { channels { channel state displayName stateId } }
  }`;
  let peer: CometdPeer;
  let stack: Stack;
  let subscriber: Subscriber;

  beforeEach(async () => {
    peer = await CometdPeer.start({ users: { agent: 'secret' }, timeoutMs: 1_000 });
    stack = await startStack({ gwsBaseUrl: peer.url });
    subscriber = new Subscriber(stack.url, AGENT, {
      query: CHANNEL_EVENTS,
      field: 'agentChannelEvents',
    });
  });

  afterEach(async () => {
    await subscriber.dispose();
    await stack.close();
    await peer.close();
  });

  const WARM_UP = 'warm-up';
  const channel = (state: string, id: unknown, displayName?: string) => ({
    channel: 'sms',
    userState: { id, state, ...(displayName ? { displayName } : {}) },
  });

  it('reaches agentChannelEvents in each shape GWS clients show, and nothing else does', async () => {
    // The subscription's start cannot be seen: a change is sent until one has come through.
    await repeatUntil(
      async () => {
        peer.deliver('agent', '/v2/me/channels', {
          messageType: 'ChannelStateChangeMessageV2',
          channels: [channel('Ready', WARM_UP, 'Ready')],
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
      () => subscriber.events.length > 0,
    );
    // Another medium's notification and an SMS one on the same stream are not channel events.
    peer.deliver('agent', '/v2/me/devices', {
      messageType: 'DeviceStateChangeMessage',
      devices: [{ id: 'd1', userState: { state: 'Ready' } }],
    });
    peer.deliver('agent', '/v2/me/smssessions', {
      messageType: 'SMSsessionStateChangeMessage',
      notificationType: 'StatusChange',
      smssession: { id: SESSION, state: 'Chatting' },
    });
    // The V2 message, one without a messageType, and a version of its own, with odd fields.
    peer.deliver('agent', '/v2/me/channels', {
      messageType: 'ChannelStateChangeMessageV2',
      channels: [channel('NotReady', 'lunch', 'Out to Lunch'), { userState: { state: 'Ready' } }],
    });
    peer.deliver('agent', '/v2/me/channels', {
      channels: [channel('NotReady', 17), { channel: 'chat', userState: { state: 'Busy' } }],
    });
    peer.deliver('agent', '/v2/me/channels', {
      messageType: 'ChannelStateChangeMessageV3',
      channels: [channel('LoggedOut', 'LoggedOut', 'Logged Out')],
    });
    await subscriber.waitFor(
      (event: ReceivedEvent) => JSON.stringify(event).includes('LOGGED_OUT'),
      10_000,
    );
    // Warm-up changes may still come in after the first: they are not what is tested.
    const tested = subscriber.events.filter((event) => !JSON.stringify(event).includes(WARM_UP));
    expect(tested).toEqual([
      {
        channels: [
          { channel: 'sms', state: 'NOT_READY', displayName: 'Out to Lunch', stateId: 'lunch' },
        ],
      },
      {
        channels: [
          { channel: 'sms', state: 'NOT_READY', displayName: null, stateId: '17' },
          { channel: 'chat', state: 'UNKNOWN', displayName: null, stateId: null },
        ],
      },
      {
        channels: [
          { channel: 'sms', state: 'LOGGED_OUT', displayName: 'Logged Out', stateId: 'LoggedOut' },
        ],
      },
    ]);
    expect(subscriber.errors).toEqual([]);
  });
});

describe('the transcript in pages while messages arrive', () => {
  let scripted: ScriptedGws;
  let stack: Stack;
  /** The transcript GWS holds: indices with gaps, growing during the test. */
  let transcript: WireMessage[];
  /** How the scripted GWS reads startIndex and count. */
  let paging: 'exact' | 'ignored';

  function entries(...indices: number[]): WireMessage[] {
    return indices.map((index) => ({ index, type: 'Text', visibility: 'All', text: `#${index}` }));
  }

  beforeEach(async () => {
    transcript = entries(1, 2, 4, 5, 7);
    paging = 'exact';
    scripted = await scriptedGws((request, url) => {
      if (request.method !== 'GET') return undefined;
      if (url.pathname === `/api/v2/me/smssessions/${SESSION}`) {
        return [200, { statusCode: 0, smssession: { id: SESSION, state: 'Chatting' } }];
      }
      if (url.pathname === `/api/v2/me/smssessions/${SESSION}/messages`) {
        if (paging === 'ignored') return [200, { statusCode: 0, messages: transcript }];
        const startIndex = Math.max(Number(url.searchParams.get('startIndex') ?? 1), 1);
        const count = Number(url.searchParams.get('count') ?? 0);
        const from = transcript.filter((entry) => entry.index >= startIndex);
        return [200, { statusCode: 0, messages: count === 0 ? from : from.slice(0, count) }];
      }
      return undefined;
    });
    stack = await startStack({ gwsBaseUrl: scripted.gws.url });
  });

  afterEach(async () => {
    await stack.close();
    await scripted.gws.close();
  });

  interface Page {
    edges: { cursor: string; node: { index: number; text: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string;
      endCursor: string;
    };
  }

  async function page(variables: Record<string, unknown>): Promise<Page> {
    const response = await stack.graphql<{ smsSession: { transcript: Page } }>(TRANSCRIPT, {
      variables,
      authorization: AGENT,
    });
    expect(response.errors).toBeUndefined();
    return response.data?.smsSession.transcript as Page;
  }

  const indices = (read: Page) => read.edges.map((edge) => edge.node.index);

  it.each(['exact', 'ignored'] as const)(
    'pages forward and back without a duplicate or a loss (GWS paging %s)',
    async (mode) => {
      paging = mode;
      const forward: number[] = [];
      let read = await page({ first: 2 });
      forward.push(...indices(read));
      // Messages arrive between reads, with gaps; the cursors name indices, so nothing shifts.
      for (let arrivals = 0; read.pageInfo.hasNextPage; arrivals += 1) {
        const last = transcript.at(-1)?.index ?? 0;
        if (arrivals < 4) transcript.push(...entries(last + 1, last + 3));
        read = await page({ first: 2, after: read.pageInfo.endCursor });
        forward.push(...indices(read));
      }
      expect(forward).toEqual(transcript.map((entry) => entry.index));

      const backward: number[] = [];
      read = await page({ last: 3 });
      backward.unshift(...indices(read));
      while (read.pageInfo.hasPreviousPage) {
        transcript.push(...entries((transcript.at(-1)?.index ?? 0) + 2));
        read = await page({ last: 3, before: read.pageInfo.startCursor });
        backward.unshift(...indices(read));
      }
      expect(backward).toEqual(forward);
      expect(read.edges[0]?.node).toEqual({ index: 1, text: '#1' });
    },
  );

  it('reads once per forward page, and at most twice per backward page', async () => {
    transcript = entries(1, 2, 3, 10, 11, 12, 13, 30, 31);
    scripted.messageReads.length = 0;
    const forward = await page({ first: 4, after: (await page({ first: 2 })).pageInfo.endCursor });
    expect(indices(forward)).toEqual([3, 10, 11, 12]);
    expect(scripted.messageReads).toEqual(['?startIndex=1&count=3', '?startIndex=3&count=5']);

    scripted.messageReads.length = 0;
    const tail = await page({ last: 2 });
    expect(indices(tail)).toEqual([30, 31]);
    // Only the whole transcript tells where its end is.
    expect(scripted.messageReads).toEqual(['?startIndex=1&count=0']);

    scripted.messageReads.length = 0;
    const gap = await page({ last: 2, before: tail.pageInfo.startCursor });
    expect(indices(gap)).toEqual([12, 13]);
    // Indices 27 to 29 hold nothing: the entries before the window are read in one more read.
    expect(scripted.messageReads).toEqual(['?startIndex=27&count=3', '?startIndex=1&count=26']);

    scripted.messageReads.length = 0;
    const dense = await page({ last: 1, before: gap.pageInfo.startCursor });
    expect(indices(dense)).toEqual([11]);
    expect(dense.pageInfo.hasPreviousPage).toBe(true);
    expect(scripted.messageReads).toEqual(['?startIndex=10&count=2']);
  });
});
