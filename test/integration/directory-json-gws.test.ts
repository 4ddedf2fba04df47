import type http from 'node:http';
import fc from 'fast-check';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { startJsonGws, type JsonGws, type JsonGwsAnswer } from '../support/json-gws.js';
import { basic, onlyErrorCode, postGraphQL } from '../support/stack.js';

/**
 * The directory against a scripted GWS that answers exactly as the documentation's pages show
 * (ContactsResource, ContactsGetContacts, SMSInvite), independent of the simulator.
 */

const SESSION = '0000Na9B26EF006E';
/** The contact of the SMS Invite page's sample. */
const SAMPLE_CONTACT = '429a55994ef64991a77acb77c1cf9041';
const SAMPLE_CONTACT_URI = `http://localhost:8080/api/v2/contacts/${SAMPLE_CONTACT}`;

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

function contact(id: string, name: string) {
  return {
    id,
    name,
    type: 'Custom',
    phoneNumbers: [{ phoneNumber: '+1 555 0100', description: 'Work', switchName: 'SIP' }],
    availability: { channels: [{ channel: 'sms', available: false }] },
    uri: `http://localhost:8080/api/v2/contacts/${id}`,
    path: `/contacts/${id}`,
  };
}

function user(id: string) {
  return {
    id,
    userName: `user-${id}`,
    firstName: 'First',
    lastName: id.toUpperCase(),
    uri: `http://localhost:8080/api/v2/users/${id}`,
    path: `/users/${id}`,
  };
}

/** GWS as its pages show it: 45 contacts in all, paged by offset and limit. */
function answer(request: http.IncomingMessage, body: unknown, received: Received[]): JsonGwsAnswer {
  const url = new URL(request.url ?? '/', 'http://gws');
  received.push({
    method: request.method ?? '',
    path: url.pathname,
    query: url.searchParams,
    body,
  });
  const path = url.pathname;
  if (path === '/api/v2/me') return [200, { statusCode: 0, user: { id: 'agent1' } }];
  const names = url.searchParams.get('name');
  if (path === '/api/v2/contacts' && names !== null) {
    // The user contacts of exactly these user names (the documented `name` filter).
    const contacts = names.split(',').map((userName) => ({
      id: `contact-${userName}`,
      type: 'User',
      userName,
      availability: { channels: [{ channel: 'sms', available: true, userState: 'Ready' }] },
    }));
    return [200, { statusCode: 0, totalCount: contacts.length, contacts }];
  }
  if (path === '/api/v2/contacts') {
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    const all = Array.from({ length: 45 }, (_, i) => contact(`c${i}`, `Contact ${i}`));
    return [200, { statusCode: 0, totalCount: 45, contacts: all.slice(offset, offset + limit) }];
  }
  if (path === `/api/v2/contacts/${SAMPLE_CONTACT}`) {
    return [200, { statusCode: 0, contact: contact(SAMPLE_CONTACT, 'Best Friend') }];
  }
  if (path.startsWith('/api/v2/contacts/')) return [200, { statusCode: 6, statusMessage: 'No' }];
  if (path.startsWith('/api/v2/users/')) {
    if (usersRefused) return [200, { statusCode: 5, statusMessage: 'No permission' }];
    return [200, { statusCode: 0, user: user(path.slice('/api/v2/users/'.length)) }];
  }
  if (path === `/api/v2/me/smssessions/${SESSION}` && request.method === 'POST') {
    return [200, { statusCode: 0, referenceId: 35 }];
  }
  if (path === '/api/v2/me/smssessions') {
    // Three sessions whose participants link to two distinct users, one of them in all three.
    const participant = (id: string, userId: string) => ({
      participantId: id,
      nickname: userId,
      type: 'Agent',
      uri: `http://localhost:8080/api/v2/users/${userId}`,
      path: `/users/${userId}`,
    });
    const customer = { participantId: 'p0', nickname: 'Customer', type: 'Customer' };
    const smssessions = ['s1', 's2', 's3'].map((id, i) => ({
      id,
      state: 'Chatting',
      participants: [customer, participant(`p${i}a`, 'u1'), participant(`p${i}b`, `u${1 + i}`)],
      capabilities: [],
      userData: {},
    }));
    return [200, { statusCode: 0, smssessions }];
  }
  return [200, { statusCode: 6, statusMessage: 'Resource not found' }];
}

let gws: JsonGws;
let gateway: Gateway;
let url: string;
let received: Received[];
/** Whether GWS refuses the agent every user read, as a GWS may that serves users to admins only. */
let usersRefused = false;

beforeEach(async () => {
  received = [];
  usersRefused = false;
  gws = await startJsonGws((request, body) => answer(request, body, received));
  gateway = await createGateway({
    // Answers are reused for a minute: no test here depends on how fast the machine is.
    config: { ...loadConfig({ DIRECTORY_CACHE_TTL_MS: '60000' }), port: 0, host: '127.0.0.1' },
    gwsBaseUrl: gws.url,
    logger: pino({ level: 'silent' }),
  });
  url = await gateway.listen();
});

afterEach(async () => {
  await gateway.close();
  await gws.close();
});

function graphql<T>(query: string, variables?: Record<string, unknown>) {
  return postGraphQL<T>(url, query, variables, basic('agent1', 'secret'));
}

const upstream = (path: string) => received.filter((request) => request.path === path);

interface ContactsPage {
  contacts: {
    totalCount: number | null;
    edges: { cursor: string; node: { id: string; name: string; type: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

const CONTACTS = `query ($search: String, $first: Int, $after: String) {
  contacts(search: $search, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name type } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

describe('contacts against a GWS as documented', () => {
  it('sends the search box as NamesOrPhoneNumberMatches, one entry per word, and pages', async () => {
    const first = await graphql<ContactsPage>(CONTACTS, { search: ' Ann  0100 ', first: 20 });
    expect(first.errors).toBeUndefined();
    const [sent] = upstream('/api/v2/contacts');
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({
      fields: '*',
      filterName: 'NamesOrPhoneNumberMatches',
      filterParameters: '*Ann*,*0100*',
      offset: '0',
      limit: '20',
    });
    const page = first.data?.contacts;
    expect(page?.totalCount).toBe(45);
    expect(page?.edges.map((edge) => edge.node.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `c${i}`),
    );
    expect(page?.edges[0]?.node).toEqual({ id: 'c0', name: 'Contact 0', type: 'CUSTOM' });
    expect(page?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const last = await graphql<ContactsPage>(CONTACTS, {
      search: 'Ann 0100',
      first: 20,
      after: page?.pageInfo.endCursor,
    });
    const again = await graphql<ContactsPage>(CONTACTS, {
      search: 'ann 0100',
      first: 20,
      after: last.data?.contacts.pageInfo.endCursor,
    });
    expect(upstream('/api/v2/contacts').map((request) => request.query.get('offset'))).toEqual([
      '0',
      '20',
      '40',
    ]);
    expect(again.data?.contacts.edges.map((edge) => edge.node.id)).toEqual([
      'c40',
      'c41',
      'c42',
      'c43',
      'c44',
    ]);
    expect(again.data?.contacts.pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('refuses filter syntax, a long search and a large page before asking GWS', async () => {
    for (const variables of [
      { search: 'Ann,Bob' },
      { search: 'A*' },
      { search: 'x'.repeat(101) },
      { first: 101 },
      { first: 0 },
      { after: 'not-a-cursor' },
    ]) {
      expect(onlyErrorCode(await graphql(CONTACTS, variables))).toBe('BAD_USER_INPUT');
    }
    expect(upstream('/api/v2/contacts')).toEqual([]);
  });
});

describe('hostile searches', () => {
  const searchText = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc
      .array(
        fc.constantFrom('ann', ',', '*', ' ', '&type=Queue', '%2C', '\\', '\u2028', 'é', '"'),
        {
          maxLength: 20,
        },
      )
      .map((parts) => parts.join('')),
  );

  it('reach GWS only as the documented filter, word for word, or are refused', async () => {
    const asked = new Set<string>();
    await fc.assert(
      fc.asyncProperty(searchText, async (search) => {
        received.length = 0;
        const response = await graphql<ContactsPage>(CONTACTS, { search, first: 5 });
        const sent = upstream('/api/v2/contacts');
        if (response.errors) {
          expect(response.errors.map((error) => error.extensions?.code)).toEqual([
            'BAD_USER_INPUT',
          ]);
          expect(sent).toEqual([]);
          return;
        }
        const words = search.split(/\s+/).filter((word) => word !== '');
        // A search asked before may be answered from the agent's cache.
        const key = words.join(' ').toLowerCase();
        expect(sent).toHaveLength(asked.has(key) && sent.length === 0 ? 0 : 1);
        asked.add(key);
        if (sent.length === 0) return;
        const query = sent[0]?.query as URLSearchParams;
        expect([...query.keys()].sort()).toEqual(
          words.length > 0
            ? ['fields', 'filterName', 'filterParameters', 'limit', 'offset']
            : ['fields', 'limit', 'offset'],
        );
        if (words.length > 0) {
          expect(query.get('filterParameters')?.split(',')).toEqual(
            words.map((word) => `*${word}*`),
          );
        }
      }),
      { numRuns: 100 },
    );
  });
});

const INVITE = `mutation ($target: SmsTarget, $targetUri: String) {
  inviteToSmsSession(id: "${SESSION}", target: $target, targetUri: $targetUri) {
    operationName statusCode referenceId
  }
}`;

describe('typed targets against a GWS as documented', () => {
  it('an invite of a contact posts the contact URI the Invite page’s sample shows', async () => {
    const response = await graphql(INVITE, { target: { contactId: SAMPLE_CONTACT } });
    expect(response.errors).toBeUndefined();
    const posts = received.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.body)).toEqual([
      { operationName: 'Invite', targetUri: SAMPLE_CONTACT_URI },
    ]);
  });

  it('a contact GWS does not know is NOT_FOUND, and nothing is posted', async () => {
    const response = await graphql(INVITE, { target: { contactId: 'unknown1' } });
    expect(onlyErrorCode(response)).toBe('NOT_FOUND');
    expect(received.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('refuses two targets, or a target naming none or two, before reading anything', async () => {
    for (const variables of [
      { target: { contactId: SAMPLE_CONTACT }, targetUri: SAMPLE_CONTACT_URI },
      { target: {} },
      { target: { contactId: SAMPLE_CONTACT, userId: 'u1' } },
      { target: { userId: '../me' } },
    ]) {
      expect(onlyErrorCode(await graphql(INVITE, variables))).toBe('BAD_USER_INPUT');
    }
    expect(received.filter((request) => request.path !== '/api/v2/me')).toEqual([]);
  });
});

describe('participants as people against a GWS as documented', () => {
  it('reads each distinct person once per request, and from the cache on the next', async () => {
    const query = `{ smsSessions { participants { nickname person {
      __typename id name ... on User { availability { channel available } }
    } } } }`;
    const response = await graphql<{
      smsSessions: { participants: { person: { id: string; name: string } | null }[] }[];
    }>(query);
    expect(response.errors).toBeUndefined();
    const people = response.data?.smsSessions.flatMap((session) =>
      session.participants.map((participant) => participant.person?.id ?? null),
    );
    expect(people).toEqual([null, 'u1', 'u1', null, 'u1', 'u2', null, 'u1', 'u3']);
    expect(response.data?.smsSessions[0]?.participants[1]?.person).toEqual({
      __typename: 'User',
      id: 'u1',
      name: 'First U1',
      availability: [{ channel: 'sms', available: true }],
    });
    const userReads = () =>
      received.filter((request) => request.path.startsWith('/api/v2/users/')).map((r) => r.path);
    expect(userReads().sort()).toEqual([
      '/api/v2/users/u1',
      '/api/v2/users/u2',
      '/api/v2/users/u3',
    ]);

    await graphql(query);
    expect(userReads()).toHaveLength(3);
  });

  it('a GWS that refuses the agent user reads: the person is what the participant says', async () => {
    usersRefused = true;
    const response = await graphql<{
      smsSessions: {
        participants: { person: { __typename: string; id: string; name: string } | null }[];
      }[];
    }>('{ smsSessions { participants { person { __typename id name } } } }');
    expect(response.errors).toBeUndefined();
    expect(response.data?.smsSessions[1]?.participants.map((p) => p.person)).toEqual([
      null,
      { __typename: 'User', id: 'u1', name: 'u1' },
      { __typename: 'User', id: 'u2', name: 'u2' },
    ]);
  });
});
