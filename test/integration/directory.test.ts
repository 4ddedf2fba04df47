import { DEMO_CONTACTS, DEMO_QUEUES } from '../../simulator/index.js';
import { DIALECTS } from '../support/dialects.js';
import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';

const SEED_SESSION = '0000Na9B26EF006E';
const BFRIEND_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d702';
const CDOE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';
const BFRIEND_CONTACT = '429a55994ef64991a77acb77c1cf9041';
const SMS_QUEUE = DEMO_QUEUES.find((queue) => queue.channel === 'sms')?.id as string;

interface Contact {
  id: string;
  name: string;
  type: string;
  uri: string;
  phoneNumbers: string[];
  availability: { channel: string; available: boolean; userState: string | null }[];
}

interface ContactsData {
  contacts: {
    totalCount: number | null;
    edges: { cursor: string; node: Contact }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

const CONTACTS = `query ($search: String, $type: ContactType, $channel: String, $first: Int, $after: String) {
  contacts(search: $search, type: $type, channel: $channel, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name type uri phoneNumbers availability { channel available userState } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

function posts(stack: Stack) {
  return stack.simulator.requests().filter((request) => request.method === 'POST');
}

describe.each(DIALECTS)('the directory against the simulator (%s dialect)', (_name, dialect) => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ simulator: { dialect } });
  });
  afterEach(() => stack.close());

  const contacts = (variables: Record<string, unknown>, authorization?: string) =>
    stack.graphql<ContactsData>(CONTACTS, { variables, authorization });

  it('pages through every contact of all three types', async () => {
    const ids: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const response = await contacts({ first: 3, after });
      expect(response.errors).toBeUndefined();
      const page = response.data?.contacts;
      expect(page?.totalCount).toBe(DEMO_CONTACTS.length);
      expect(page?.pageInfo.hasPreviousPage).toBe(pages > 0);
      ids.push(...(page?.edges.map((edge) => edge.node.id) ?? []));
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
      pages += 1;
    } while (after);
    expect(pages).toBe(Math.ceil(DEMO_CONTACTS.length / 3));
    expect(ids).toEqual(DEMO_CONTACTS.map((contact) => contact.id));
  });

  it('finds users, queues and custom contacts by any word of a name or number', async () => {
    const found = async (search: string, type?: string) =>
      (await contacts({ search, type })).data?.contacts.edges.map((edge) => edge.node.name);
    expect(await found('casey')).toEqual(['Casey Doe']);
    expect(await found('conf QUEUE')).toEqual(['SMS Conference Queue']);
    expect(await found('555 0177')).toEqual(['Courier Desk']);
    expect(await found('5550100')).toEqual(['Head Office Reception']);
    expect(await found('e', 'CUSTOM')).toEqual(['Head Office Reception', 'Courier Desk']);
    expect(await found('nobody here')).toEqual([]);
  });

  it('tells each contact’s availability on sms as the agents’ channel states change', async () => {
    const cdoe = async (authorization: string) =>
      (await contacts({ search: 'cdoe', type: 'USER', channel: 'sms' }, authorization)).data
        ?.contacts.edges[0]?.node;
    expect((await cdoe(basic('testname')))?.availability).toEqual([
      { channel: 'sms', available: true, userState: 'Ready' },
    ]);
    const notReady = await stack.graphql(
      'mutation { setAgentChannelState(channel: "sms", state: NOT_READY) { statusCode } }',
      { authorization: basic('cdoe') },
    );
    expect(notReady.errors).toBeUndefined();
    // Another agent: testname's answer is cached for a few seconds.
    expect((await cdoe(basic('dlee')))?.availability).toEqual([
      { channel: 'sms', available: false, userState: 'NotReady' },
    ]);
  });

  it('lists the queues, those of one channel if asked', async () => {
    const response = await stack.graphql<{ all: { id: string }[]; sms: { name: string }[] }>(
      '{ all: queues { id } sms: queues(channel: "sms") { name } }',
    );
    expect(response.data?.all.map((queue) => queue.id)).toEqual(DEMO_QUEUES.map((q) => q.id));
    expect(response.data?.sms).toEqual([{ name: 'SMS Conference Queue' }]);
  });

  it('resolves a message’s author to the user GWS links it to', async () => {
    const response = await stack.graphql<{
      smsSession: { messages: { from: { type: string; person: unknown } | null }[] };
    }>(
      `{ smsSession(id: "${SEED_SESSION}") {
        messages { from { type person { __typename id name ... on User { userName } } } }
      } }`,
    );
    expect(response.errors).toBeUndefined();
    const authors = response.data?.smsSession.messages.map((message) => message.from);
    expect(authors).toContainEqual({ type: 'CUSTOMER', person: null });
    expect(authors).toContainEqual({
      type: 'AGENT',
      person: {
        __typename: 'User',
        id: '8ae7d9e1e8a94b6fb8a4e1f9b3c5d701',
        name: 'Test Name',
        userName: 'testname',
      },
    });
  });

  it('resolves a session’s participants to people where GWS links them there', async () => {
    const response = await stack.graphql<{
      smsSession: { participants: { type: string; person: { name: string } | null }[] };
    }>(`{ smsSession(id: "${SEED_SESSION}") { participants { type person { name } } } }`);
    expect(response.errors).toBeUndefined();
    const agent = response.data?.smsSession.participants.find((p) => p.type === 'AGENT');
    const customer = response.data?.smsSession.participants.find((p) => p.type === 'CUSTOMER');
    expect(customer?.person).toBeNull();
    // A session's participant list carries no link unless the dialect puts one there.
    expect(agent?.person).toEqual(
      dialect.participantLinks === 'everywhere' ? { name: 'Test Name' } : null,
    );
  });
});

describe('typed targets against the simulator', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(() => stack.close());

  const operation = (mutation: string, target: Record<string, string>) =>
    stack.graphql<Record<string, { operationName: string; statusCode: number }>>(
      `mutation ($target: SmsTarget) {
        ${mutation}(id: "${SEED_SESSION}", target: $target) { operationName statusCode }
      }`,
      { variables: { target } },
    );

  it('invites a contact by the URI GWS gives it, and the agent joins', async () => {
    const response = await operation('inviteToSmsSession', { contactId: BFRIEND_CONTACT });
    expect(response.errors).toBeUndefined();
    expect(posts(stack).map((request) => request.body)).toEqual([
      {
        operationName: 'Invite',
        targetUri: `${stack.simulator.url}/api/v2/contacts/${BFRIEND_CONTACT}`,
      },
    ]);
    const after = await stack.graphql<{
      smsSession: { participants: { nickname: string }[] };
    }>(`{ smsSession(id: "${SEED_SESSION}") { participants { nickname } } }`);
    expect(after.data?.smsSession.participants.map((p) => p.nickname)).toContain('BFriend');
  });

  it('consults a user and transfers through a queue by their GWS URIs', async () => {
    const consulted = await operation('consultOnSmsSession', { userId: CDOE_ID });
    expect(consulted.errors).toBeUndefined();
    const transferred = await operation('transferSmsSession', { queueId: SMS_QUEUE });
    expect(transferred.errors).toBeUndefined();
    expect(posts(stack).map((request) => request.body)).toEqual([
      { operationName: 'Consult', targetUri: `${stack.simulator.url}/api/v2/users/${CDOE_ID}` },
      { operationName: 'Transfer', targetUri: `${stack.simulator.url}/api/v2/queues/${SMS_QUEUE}` },
    ]);
  });

  it.each([
    ['inviteToSmsSession', { contactId: 'f00000000000000000000000000000ff' }],
    ['consultOnSmsSession', { userId: 'f00000000000000000000000000000ff' }],
    ['transferSmsSession', { queueId: 'f00000000000000000000000000000ff' }],
  ])('%s of an entry the directory does not know → NOT_FOUND, nothing posted', async (m, t) => {
    expect(onlyErrorCode(await operation(m, t))).toBe('NOT_FOUND');
    expect(posts(stack)).toEqual([]);
  });

  it('a transfer with a target and a queueName → BAD_USER_INPUT, nothing sent', async () => {
    const response = await stack.graphql(
      `mutation { transferSmsSession(id: "${SEED_SESSION}", target: { userId: "${BFRIEND_ID}" },
        queueName: "SMS Conference Queue") { statusCode } }`,
    );
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requests()).toEqual([]);
  });
});

describe('the people of many sessions', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({
      env: { DIRECTORY_CACHE_TTL_MS: '60000' },
      simulator: { loadAgents: 1, dialect: { participantLinks: 'everywhere' } },
    });
  });
  afterEach(() => stack.close());

  it('50 sessions’ people cost one list, one read per person and one of their availability', async () => {
    const load1 = basic('load1');
    const sessions = Array.from({ length: 50 }, (_, i) =>
      stack.simulator.offerSession({ userName: 'load1', text: `hello ${i}` }),
    );
    for (const id of sessions.slice(0, 10)) {
      const invited = await stack.graphql(
        `mutation { inviteToSmsSession(id: "${id}", target: { contactId: "${BFRIEND_CONTACT}" }) { statusCode } }`,
        { authorization: load1 },
      );
      expect(invited.errors).toBeUndefined();
    }
    await stack.graphql('{ me { id } }', { authorization: load1 });
    stack.simulator.clearRequests();

    const query = `{ smsSessions { id participants { type person {
      __typename id name ... on User { availability { channel available } }
    } } } }`;
    const response = await stack.graphql<{
      smsSessions: {
        id: string;
        participants: { type: string; person: { id: string } | null }[];
      }[];
    }>(query, { authorization: load1 });
    expect(response.errors).toBeUndefined();
    const listed = response.data?.smsSessions ?? [];
    expect(listed.map((session) => session.id)).toEqual(expect.arrayContaining(sessions));
    const people = new Set(
      listed.flatMap((session) => session.participants.flatMap((p) => p.person?.id ?? [])),
    );
    // load1 in every session, BFriend in ten: two people.
    expect([...people].sort()).toEqual(
      [BFRIEND_ID, stack.simulator.agents.find((a) => a.userName === 'load1')?.id].sort(),
    );
    // The bound: one list, one read per distinct person, one read of all their availability.
    const calls = stack.simulator.requests().map((request) => `${request.method} ${request.path}`);
    expect(calls.sort()).toEqual(
      [
        'GET /api/v2/me/smssessions',
        ...[...people].map((id) => `GET /api/v2/users/${id}`),
        'GET /api/v2/contacts',
      ].sort(),
    );
    const bfriend = listed
      .flatMap((session) => session.participants)
      .find((participant) => participant.person?.id === BFRIEND_ID);
    expect(bfriend?.person).toMatchObject({
      name: 'Best Friend',
      availability: [{ channel: 'sms', available: true }],
    });

    // The next request within the cache's time to live reads no person again.
    stack.simulator.clearRequests();
    expect((await stack.graphql(query, { authorization: load1 })).errors).toBeUndefined();
    expect(stack.simulator.requests().map((request) => request.path)).toEqual([
      '/api/v2/me/smssessions',
    ]);
  });
});

describe('the directory within the operation’s budget', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({
      env: { MAX_RESPONSE_BYTES: '2000', MAX_UPSTREAM_CALLS_PER_OPERATION: '2' },
    });
  });
  afterEach(() => stack.close());

  it('an answer past MAX_RESPONSE_BYTES → RESPONSE_TOO_LARGE', async () => {
    const response = await stack.graphql(
      '{ contacts(first: 100) { edges { node { id name uri phoneNumbers availability { channel } } } } }',
    );
    expect(onlyErrorCode(response)).toBe('RESPONSE_TOO_LARGE');
  });

  it('searches past MAX_UPSTREAM_CALLS_PER_OPERATION → QUERY_TOO_COMPLEX', async () => {
    const response = await stack.graphql(
      '{ a: contacts(search: "a") { totalCount } b: contacts(search: "b") { totalCount } c: queues { id } }',
    );
    expect(onlyErrorCode(response)).toBe('QUERY_TOO_COMPLEX');
    expect(
      stack.simulator.requests().filter((request) => request.path !== '/api/v2/me').length,
    ).toBeLessThanOrEqual(2);
  });
});

describe('the directory cache', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { DIRECTORY_CACHE_TTL_MS: '60000' } });
  });
  afterEach(() => stack.close());

  it('asks GWS once for a search repeated as the agent types it, whatever its case and spacing', async () => {
    for (const search of ['casey', ' Casey', 'CASEY  ']) {
      const response = await stack.graphql(
        `{ contacts(search: ${JSON.stringify(search)}) { totalCount } }`,
      );
      expect(response.errors).toBeUndefined();
    }
    const searches = stack.simulator
      .requests()
      .filter((request) => request.path === '/api/v2/contacts');
    expect(searches).toHaveLength(1);
  });
});

describe('the directory cache turned off', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { DIRECTORY_CACHE_TTL_MS: '0' } });
  });
  afterEach(() => stack.close());

  it('asks GWS again for a search repeated in the next request', async () => {
    const search = '{ contacts(search: "casey") { totalCount } }';
    for (let i = 0; i < 2; i += 1) expect((await stack.graphql(search)).errors).toBeUndefined();
    const searches = stack.simulator
      .requests()
      .filter((request) => request.path === '/api/v2/contacts');
    expect(searches).toHaveLength(2);
  });
});
