import { DIALECTS } from '../support/dialects.js';
import { basic, startStack, type Stack } from '../support/stack.js';

/**
 * What GWS's documentation leaves open, answered right by the gateway in each dialect the
 * simulator plays: the default reading and every switch flipped.
 */

const SEED_SESSION = '0000Na9B26EF006E';
const OFFERED_SESSION = '0000Na9B26EF0070';
/** bfriend answers every offer at once. */
const BFRIEND_PATH = '/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d702';

interface Result {
  operationName: string;
  statusCode: number;
  referenceId: number | null;
  outcome: string;
  errorMessage: string | null;
  session: { id: string; state: string; capabilities: string[] } | null;
}

const RESULT =
  '{ operationName statusCode referenceId outcome errorMessage session { id state capabilities } }';

let stack: Stack;

async function mutate(field: string, args: string): Promise<Result> {
  const response = await stack.graphql<Record<string, Result>>(
    `mutation { ${field}(${args}) ${RESULT} }`,
    { authorization: basic('testname') },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.[field] as Result;
}

describe.each(DIALECTS)('GWS left open, answered right (%s GWS dialect)', (_name, dialect) => {
  beforeEach(async () => {
    stack = await startStack({
      env: { OUTCOME_QUIET_WINDOW_MS: '300', UPSTREAM_STREAM_GRACE_MS: '100' },
      simulator: { dialect },
    });
  });
  afterEach(() => stack.close());

  it('FAILED, with GWS’s errorMessage, for a CancelConsult GWS reports failed', async () => {
    // The consultant (bfriend) answers at once: GWS can no longer cancel, and says so.
    const consult = await mutate(
      'consultOnSmsSession',
      `id: "${SEED_SESSION}", targetPath: "${BFRIEND_PATH}", awaitOutcome: true`,
    );
    expect(consult.outcome).toBe('CONFIRMED');
    const cancel = await mutate('cancelSmsConsult', `id: "${SEED_SESSION}", awaitOutcome: true`);
    expect(cancel).toMatchObject({ outcome: 'FAILED', errorMessage: 'Request failed' });
  });

  it('CONFIRMED for a Reject, with or without a referenceId in GWS’s answer', async () => {
    const reject = await mutate('rejectSmsSession', `id: "${OFFERED_SESSION}", awaitOutcome: true`);
    expect(reject).toMatchObject({
      outcome: 'CONFIRMED',
      referenceId: dialect.replyReferenceIds === 'always' ? expect.any(Number) : null,
    });
  });

  it('a stop-typing to the agents of a conference that succeeds, whichever spelling GWS takes', async () => {
    const invite = await mutate(
      'inviteToSmsSession',
      `id: "${SEED_SESSION}", targetPath: "${BFRIEND_PATH}", awaitOutcome: true`,
    );
    expect(invite.outcome).toBe('CONFIRMED');
    for (let round = 0; round < 2; round += 1) {
      const stop = await mutate(
        'stopSmsTyping',
        `id: "${SEED_SESSION}", toAgents: true, awaitOutcome: true`,
      );
      expect(stop).toMatchObject({ outcome: 'CONFIRMED', statusCode: 0 });
    }
    const names = stack.simulator
      .requests()
      .filter((request) => request.operationName?.startsWith('SendStopTyping'))
      .map((request) => request.operationName);
    // The spelling GWS took the first time is the one sent from then on.
    expect(names.at(-1)).toBe(
      dialect.operationSpelling === 'alternate'
        ? 'SendStopTypingToAgentNotification'
        : 'SendStopTypingToAgentsNotification',
    );
    expect(names.at(-2)).toBe(names.at(-1));
  });

  it('SetInFocus confirmed by silence, whichever spelling GWS takes', async () => {
    const focus = await mutate('setSmsSessionInFocus', `id: "${SEED_SESSION}", awaitOutcome: true`);
    expect(focus.outcome).toBe('CONFIRMED');
  });

  it('reads one session whether or not GWS serves the single-session GET', async () => {
    const query = `{ smsSession(id: "${SEED_SESSION}") { id state } missing: smsSession(id: "0000Na9B26EF0999") { id } }`;
    for (let round = 0; round < 2; round += 1) {
      const response = await stack.graphql<{ smsSession: { id: string } | null; missing: null }>(
        query,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({
        smsSession: { id: SEED_SESSION, state: 'CHATTING' },
        missing: null,
      });
    }
    const singleGets = stack.simulator
      .requests()
      .filter((request) => request.path === `/api/v2/me/smssessions/${SEED_SESSION}`);
    // Where GWS does not serve it, it is asked for once, and then no more.
    expect(singleGets).toHaveLength(dialect.singleSessionGet ? 2 : 1);
  });

  it('an Accept of a session whose customer has gone: FAILED with JOIN_FAILED, or refused', async () => {
    const offered = stack.simulator.offerSession({ userName: 'testname', text: 'Hello?' });
    stack.simulator.customerLeaves(offered);
    const response = await stack.graphql<Record<string, Result>>(
      `mutation { acceptSmsSession(id: "${offered}", nickname: "Test", awaitOutcome: true) ${RESULT} }`,
    );
    if (!dialect.joinFailed) {
      // The offer was withdrawn (Revoked): GWS refuses the Accept at once.
      expect(response.errors?.[0]?.extensions?.code).toBe('UPSTREAM_REJECTED');
      return;
    }
    expect(response.data?.acceptSmsSession).toMatchObject({
      outcome: 'FAILED',
      errorMessage: expect.stringContaining('JoinFailed'),
      session: {
        id: offered,
        state: 'JOIN_FAILED',
        capabilities: expect.arrayContaining(['COMPLETE', 'SET_DISPOSITION', 'SET_IN_FOCUS']),
      },
    });
    const complete = await mutate('completeSmsSession', `id: "${offered}", awaitOutcome: true`);
    expect(complete).toMatchObject({ outcome: 'CONFIRMED', session: { state: 'COMPLETED' } });
  });

  it('a login naming a channel GWS lacks: data saying which did not start, or refused whole', async () => {
    const response = await stack.graphql<{
      startContactCenterSession: { statusCode: number; channelsNotStarted: string[] };
    }>(
      'mutation { startContactCenterSession(channels: ["sms", "fax"]) { statusCode statusMessage channelsNotStarted } }',
    );
    if (!dialect.partialSuccess) {
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_REJECTED',
        gwsStatusCode: 10,
      });
      return;
    }
    expect(response.errors).toBeUndefined();
    expect(response.data?.startContactCenterSession).toMatchObject({
      statusCode: 7,
      channelsNotStarted: ['fax'],
    });
  });
});
