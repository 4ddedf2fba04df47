import { basic, onlyErrorCode, startStack, type Stack } from '../support/stack.js';

const SEED_SESSION = '0000Na9B26EF006E';
const SEED_CONTACT_URI = 'http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041';
const BFRIEND_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d702';
const CDOE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';

const INVITE = `mutation ($id: ID!, $targetUri: String, $targetPath: String) {
  inviteToSmsSession(id: $id, targetUri: $targetUri, targetPath: $targetPath) {
    sessionId operationName statusCode referenceId
  }
}`;

interface InviteResult {
  inviteToSmsSession: {
    sessionId: string;
    operationName: string;
    statusCode: number;
    referenceId: number | null;
  } | null;
}

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(() => stack.close());

function invite(variables: Record<string, unknown>, authorization?: string) {
  return stack.graphql<InviteResult>(INVITE, { variables, authorization });
}

function posts() {
  return stack.simulator.requests().filter((request) => request.method === 'POST');
}

describe('inviteToSmsSession', () => {
  it('invites the seed document’s contact: exactly the documented body goes upstream', async () => {
    const response = await invite({ id: SEED_SESSION, targetUri: SEED_CONTACT_URI });
    expect(response.errors).toBeUndefined();
    expect(response.data?.inviteToSmsSession).toEqual({
      sessionId: SEED_SESSION,
      operationName: 'Invite',
      statusCode: 0,
      referenceId: expect.any(Number),
    });
    expect(posts()).toEqual([
      expect.objectContaining({
        path: `/api/v2/me/smssessions/${SEED_SESSION}`,
        operationName: 'Invite',
        body: { operationName: 'Invite', targetUri: SEED_CONTACT_URI },
      }),
    ]);

    const after = await stack.graphql<{ smsSession: { participants: { nickname: string }[] } }>(
      `{ smsSession(id: "${SEED_SESSION}") { participants { nickname } } }`,
    );
    expect(after.data?.smsSession.participants.map((p) => p.nickname)).toContain('BFriend');
    const theirs = await stack.graphql<{ smsSessions: { id: string }[] }>(
      '{ smsSessions { id } }',
      {
        authorization: basic('bfriend'),
      },
    );
    expect(theirs.data?.smsSessions.map((session) => session.id)).toContain(SEED_SESSION);
  });

  it('invites by targetPath', async () => {
    const response = await invite({ id: SEED_SESSION, targetPath: `/users/${CDOE_ID}` });
    expect(response.errors).toBeUndefined();
    expect(response.data?.inviteToSmsSession?.statusCode).toBe(0);
    expect(posts().map((request) => request.body)).toEqual([
      { operationName: 'Invite', targetPath: `/users/${CDOE_ID}` },
    ]);
  });

  it('a session GWS does not know → NOT_FOUND', async () => {
    const response = await invite({ id: '0000Na9B26EF0080', targetPath: `/users/${CDOE_ID}` });
    expect(onlyErrorCode(response)).toBe('NOT_FOUND');
    expect(response.data).toBeNull();
  });

  it('GWS statusCode ≠ 0 → UPSTREAM_REJECTED with gwsStatusCode', async () => {
    const completed = '0000Na9B26EF0071';
    const response = await invite({ id: completed, targetPath: `/users/${BFRIEND_ID}` });
    expect(onlyErrorCode(response)).toBe('UPSTREAM_REJECTED');
    expect(response.errors?.[0]?.extensions?.gwsStatusCode).toBe(2);
    expect(response.errors?.[0]?.message).toEqual(expect.any(String));
  });

  it.each([
    ['no target', { id: SEED_SESSION }],
    [
      'both targets',
      { id: SEED_SESSION, targetUri: SEED_CONTACT_URI, targetPath: `/users/${BFRIEND_ID}` },
    ],
    ['a relative targetUri', { id: SEED_SESSION, targetUri: '/api/v2/users/1' }],
    ['a non-http targetUri', { id: SEED_SESSION, targetUri: 'file:///etc/passwd' }],
    ['a targetUri that is no GWS target', { id: SEED_SESSION, targetUri: 'http://gws/api/v2/me' }],
    ['an empty targetUri', { id: SEED_SESSION, targetUri: '' }],
    ['a traversing targetPath', { id: SEED_SESSION, targetPath: '/users/../me' }],
    ['a targetPath of another resource', { id: SEED_SESSION, targetPath: '/calls/1' }],
    ['a traversing session id', { id: '../../users/x', targetPath: `/users/${BFRIEND_ID}` }],
    ['an encoded session id', { id: 'abc%2F..', targetPath: `/users/${BFRIEND_ID}` }],
  ])('%s → BAD_USER_INPUT, nothing sent', async (_case, variables) => {
    const response = await invite(variables);
    expect(onlyErrorCode(response)).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requests()).toEqual([]);
  });

  it('repeated mutations reuse the upstream session: one GET /api/v2/me in all', async () => {
    const results = [];
    for (let i = 0; i < 3; i += 1) {
      results.push(await invite({ id: SEED_SESSION, targetPath: '/users/unknownuser' }));
    }
    for (const result of results) expect(result.data?.inviteToSmsSession?.statusCode).toBe(0);
    const referenceIds = results.map((result) => result.data?.inviteToSmsSession?.referenceId);
    expect(new Set(referenceIds).size).toBe(3);
    const requests = stack.simulator.requests();
    expect(requests.filter((request) => request.path === '/api/v2/me')).toHaveLength(1);
    expect(posts()).toHaveLength(3);
  });

  it('an expired CSRF token is refreshed once, transparently', async () => {
    await invite({ id: SEED_SESSION, targetPath: '/users/unknownuser' });
    stack.simulator.expireCsrfTokens();
    stack.simulator.clearRequests();
    const response = await invite({ id: SEED_SESSION, targetUri: SEED_CONTACT_URI });
    expect(response.errors).toBeUndefined();
    expect(response.data?.inviteToSmsSession?.statusCode).toBe(0);
    expect(
      stack.simulator.requests().map((request) => `${request.method} ${request.path}`),
    ).toEqual([
      `POST /api/v2/me/smssessions/${SEED_SESSION}`,
      'GET /api/v2/me',
      `POST /api/v2/me/smssessions/${SEED_SESSION}`,
    ]);
  });
});
