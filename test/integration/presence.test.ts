import { DIALECTS } from '../support/dialects.js';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';
import { allReceiving, hasText, Subscriber } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const CHANNELS = '{ channel state displayName }';
const RESULT = `{ operationName statusCode channels ${CHANNELS} }`;

const START = `mutation ($channels: [String!]!, $place: String) {
  startContactCenterSession(channels: $channels, place: $place) ${RESULT}
}`;
const START_DEFAULT = `mutation { startContactCenterSession ${RESULT} }`;
const END = `mutation { endContactCenterSession ${RESULT} }`;
/** Without reading the channels afterwards, as a desktop that exits. */
const END_ONLY = 'mutation { endContactCenterSession { operationName statusCode } }';
const SET_STATE = `mutation ($channel: String!, $state: AgentChannelState!) {
  setAgentChannelState(channel: $channel, state: $state) ${RESULT}
}`;

let stack: Stack;
const subscribers: Subscriber[] = [];

/** The POSTs the simulator received, as method, path and body. */
function posts() {
  return stack.simulator
    .requests()
    .filter((request) => request.method === 'POST')
    .map(({ path, body }) => ({ path, body }));
}

async function mutate(query: string, variables?: Record<string, unknown>) {
  const response = await stack.graphql<Record<string, { channels: unknown[] }>>(query, {
    variables,
  });
  expect(response.errors).toBeUndefined();
  return response.data ?? {};
}

describe.each(DIALECTS)('agent presence (%s GWS dialect)', (_name, dialect) => {
  beforeEach(async () => {
    stack = await startStack({ simulator: { dialect } });
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
    await stack.close();
  });

  it("reads the agent's channels: the demo agents start Ready on sms", async () => {
    const response = await stack.graphql(`{ me { userName channels ${CHANNELS} } }`);
    expect(response.data).toEqual({
      me: {
        userName: 'testname',
        channels: [{ channel: 'sms', state: 'READY', displayName: 'Ready' }],
      },
    });
    expect(stack.simulator.requests()).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/v2/me/channels', query: 'fields=*' }),
    );
  });

  it('starts a contact-centre session on sms by default, sending exactly the documented body', async () => {
    await mutate(END_ONLY);
    stack.simulator.clearRequests();
    const data = await mutate(START_DEFAULT);
    expect(data.startContactCenterSession).toEqual({
      operationName: 'StartContactCenterSession',
      statusCode: 0,
      // Logged in again, not Ready until the desktop says so.
      channels: [{ channel: 'sms', state: 'NOT_READY', displayName: 'Not Ready' }],
    });
    // GWS ended the HTTP session with the contact-centre session: the gateway started a new one
    // rather than send a POST GWS would refuse for its stale CSRF token.
    expect(posts()).toEqual([
      {
        path: '/api/v2/me',
        body: { operationName: 'StartContactCenterSession', channels: ['sms'] },
      },
    ]);
  });

  it('starts a session on the given channels at a place', async () => {
    const data = await mutate(START, { channels: ['sms', 'chat'], place: 'Place_301' });
    expect(data.startContactCenterSession?.channels).toEqual([
      { channel: 'sms', state: 'READY', displayName: 'Ready' },
      { channel: 'chat', state: 'NOT_READY', displayName: 'Not Ready' },
    ]);
    expect(posts()).toEqual([
      {
        path: '/api/v2/me',
        body: {
          operationName: 'StartContactCenterSession',
          channels: ['sms', 'chat'],
          place: 'Place_301',
        },
      },
    ]);
  });

  it('ends the contact-centre session: every channel logged out', async () => {
    const data = await mutate(END);
    expect(data.endContactCenterSession).toEqual({
      operationName: 'EndContactCenterSession',
      statusCode: 0,
      channels: [{ channel: 'sms', state: 'LOGGED_OUT', displayName: 'Logged Out' }],
    });
    expect(posts()).toEqual([
      { path: '/api/v2/me', body: { operationName: 'EndContactCenterSession' } },
    ]);
  });

  it.each([
    ['NOT_READY', 'NotReady', { channel: 'sms', state: 'NOT_READY', displayName: 'Not Ready' }],
    ['READY', 'Ready', { channel: 'sms', state: 'READY', displayName: 'Ready' }],
  ])(
    'sets the state %s on a channel with {"operationName":"%s"}',
    async (state, operationName, after) => {
      const data = await mutate(SET_STATE, { channel: 'sms', state });
      expect(data.setAgentChannelState).toEqual({
        operationName,
        statusCode: 0,
        channels: [after],
      });
      expect(posts()).toEqual([{ path: '/api/v2/me/channels/sms', body: { operationName } }]);
    },
  );

  it.each([
    [SET_STATE, { channel: '../smssessions', state: 'READY' }],
    [SET_STATE, { channel: 'sms?x=1', state: 'NOT_READY' }],
    [SET_STATE, { channel: '', state: 'READY' }],
    [SET_STATE, { channel: 'sms', state: 'LOGGED_OUT' }],
    [SET_STATE, { channel: 'sms', state: 'UNKNOWN' }],
    [START, { channels: ['sms', 'voice mail'] }],
    [START, { channels: [] }],
    [START, { channels: ['sms', 'sms'] }],
    [START, { channels: ['sms'], place: '' }],
  ])('refuses bad input before anything is sent: %#', async (query, variables) => {
    const response = await stack.graphql(query, { variables });
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(posts()).toEqual([]);
  });

  it("reports GWS's refusals with its statusCode", async () => {
    const notLoggedIn = await stack.graphql(SET_STATE, {
      variables: { channel: 'chat', state: 'READY' },
    });
    expect(onlyErrorCode(notLoggedIn)).toBe('UPSTREAM_REJECTED');
    expect(notLoggedIn.errors?.[0]?.extensions?.gwsStatusCode).toBe(2);
    // Where GWS does not take part of a login, an unknown channel (fax) refuses the whole request
    // with statusCode 10: any error leaves contact-center data unchanged.
    stack.simulator.setDialect({ partialSuccess: false });
    const refused = await stack.graphql(START, { variables: { channels: ['chat', 'fax'] } });
    expect(onlyErrorCode(refused)).toBe('UPSTREAM_REJECTED');
    expect(refused.errors?.[0]?.extensions?.gwsStatusCode).toBe(10);
  });

  it('answers a partial success (statusCode 7) with data saying which channels did not start', async () => {
    stack.simulator.setDialect({ partialSuccess: true });
    const partly = await stack.graphql<{
      startContactCenterSession: {
        statusCode: number;
        statusMessage: string | null;
        channelsNotStarted: string[];
        channels: { channel: string; state: string }[];
      };
    }>(
      `mutation ($channels: [String!]!) {
        startContactCenterSession(channels: $channels) {
          statusCode statusMessage channelsNotStarted channels { channel state }
        }
      }`,
      { variables: { channels: ['chat', 'fax'] } },
    );
    expect(partly.errors).toBeUndefined();
    const result = partly.data?.startContactCenterSession;
    expect(result).toMatchObject({
      statusCode: 7,
      statusMessage: expect.stringContaining('fax'),
      channelsNotStarted: ['fax'],
    });
    expect(result?.channels).toContainEqual({ channel: 'chat', state: 'NOT_READY' });
    // The channels were read once for both fields.
    const channelReads = stack.simulator
      .requests()
      .filter((request) => request.method === 'GET' && request.path === '/api/v2/me/channels');
    expect(channelReads).toHaveLength(1);
  });

  it('a desktop logs in, and a session routed meanwhile is offered only once the agent is Ready', async () => {
    const watcher = new Subscriber(stack.url, basic('testname'));
    subscribers.push(watcher);
    await allReceiving(stack.simulator, SEED_SESSION, watcher);
    await mutate(END);
    await mutate(START_DEFAULT);

    const offered = stack.simulator.offerSession({ userName: 'testname', text: 'Hello?' });
    // Notifications reach a client in order: once this line arrives, an offer would have too.
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'while not ready');
    await watcher.waitFor(hasText('while not ready'));
    expect(watcher.events.filter((event) => event.sessionId === offered)).toEqual([]);
    const listed = await stack.graphql<{ smsSessions: { id: string }[] }>('{ smsSessions { id } }');
    expect(listed.data?.smsSessions.map((session) => session.id)).not.toContain(offered);

    await mutate(SET_STATE, { channel: 'sms', state: 'READY' });
    const offer = await watcher.waitFor((event) => event.sessionId === offered);
    expect(offer).toMatchObject({
      __typename: 'SmsSessionUpdated',
      notificationType: 'STATUS_CHANGE',
      session: { id: offered, state: 'INVITED' },
    });
  });
});
