import { DIALECTS } from '../support/dialects.js';
import { basic, startStack, type Stack } from '../support/stack.js';

const SEED_SESSION = '0000Na9B26EF006E';
const OFFERED_SESSION = '0000Na9B26EF0070';
const CDOE_ID = '8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';

interface Result {
  sessionId: string;
  operationName: string;
  statusCode: number;
  referenceId: number | null;
  outcome: string;
  errorMessage: string | null;
  session: { id: string; state: string; participants: { nickname: string }[] } | null;
}

const RESULT =
  '{ sessionId operationName statusCode referenceId outcome errorMessage session { id state participants { nickname } } }';

let stack: Stack;

async function run(field: string, args: string, userName = 'testname'): Promise<Result> {
  const response = await stack.graphql<Record<string, Result>>(
    `mutation { ${field}(${args}) ${RESULT} }`,
    { authorization: basic(userName) },
  );
  expect(response.errors).toBeUndefined();
  return response.data?.[field] as Result;
}

describe.each(DIALECTS)('awaited outcomes (%s GWS dialect)', (_name, dialect) => {
  beforeEach(async () => {
    stack = await startStack({
      env: { OUTCOME_QUIET_WINDOW_MS: '300', UPSTREAM_STREAM_GRACE_MS: '100' },
      simulator: { dialect },
    });
  });
  afterEach(() => stack.close());

  it('CONFIRMED: the notification carrying the referenceId arrives; the result holds the session after it', async () => {
    const result = await run(
      'sendSmsMessage',
      `id: "${SEED_SESSION}", text: "Your parcel ships today", awaitOutcome: true`,
    );
    expect(result).toMatchObject({
      sessionId: SEED_SESSION,
      operationName: 'SendMessage',
      outcome: 'CONFIRMED',
      errorMessage: null,
      referenceId: expect.any(Number),
      session: { id: SEED_SESSION, state: 'CHATTING' },
    });
  });

  it('CONFIRMED: leaveAndCompleteSmsSession leaves the agent’s session COMPLETED', async () => {
    const result = await run(
      'leaveAndCompleteSmsSession',
      `id: "${SEED_SESSION}", awaitOutcome: true`,
    );
    expect(result).toMatchObject({
      sessionId: SEED_SESSION,
      operationName: 'LeaveAndComplete',
      outcome: 'CONFIRMED',
      errorMessage: null,
      referenceId: expect.any(Number),
      session: { id: SEED_SESSION, state: 'COMPLETED' },
    });
  });

  it('CONFIRMED by the documented effect when GWS’s answer has no referenceId (Accept)', async () => {
    // The Accept page's sample answer, `{"statusCode":0}` alone.
    stack.simulator.setDialect({ replyReferenceIds: 'asSamples' });
    const result = await run(
      'acceptSmsSession',
      `id: "${OFFERED_SESSION}", nickname: "Test", awaitOutcome: true`,
    );
    expect(result).toMatchObject({
      outcome: 'CONFIRMED',
      referenceId: null,
      session: { id: OFFERED_SESSION, state: 'CHATTING' },
    });
  });

  it('CONFIRMED by silence for an operation GWS confirms with silence (SetInFocus)', async () => {
    const startedAt = Date.now();
    const result = await run('setSmsSessionInFocus', `id: "${SEED_SESSION}", awaitOutcome: true`);
    expect(result.outcome).toBe('CONFIRMED');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
  });

  it('FAILED, with GWS’s errorMessage, when GWS reports an Error with the referenceId', async () => {
    const result = await run(
      'inviteToSmsSession',
      `id: "${SEED_SESSION}", targetPath: "/users/nosuchagent", awaitOutcome: true`,
    );
    expect(result).toMatchObject({
      outcome: 'FAILED',
      errorMessage: expect.any(String),
      referenceId: expect.any(Number),
      session: { id: SEED_SESSION },
    });
    expect(result.errorMessage).not.toBe('');
  });

  it('TIMED_OUT when nothing about the operation arrives within timeoutMs', async () => {
    // The invited agent does not answer automatically, so nothing happens until they accept.
    const startedAt = Date.now();
    const result = await run(
      'inviteToSmsSession',
      `id: "${SEED_SESSION}", targetPath: "/users/${CDOE_ID}", awaitOutcome: true, timeoutMs: 500`,
    );
    expect(result).toMatchObject({ outcome: 'TIMED_OUT', errorMessage: null });
    expect(result.session?.participants.map((p) => p.nickname)).not.toContain('CDoe');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(490);
  });

  it('releases the notification stream it opened for the wait', async () => {
    await run('sendSmsMessage', `id: "${SEED_SESSION}", text: "hello", awaitOutcome: true`);
    expect(stack.gateway.stats().subscribers).toBe(0);
    const deadline = Date.now() + 3_000;
    while (stack.gateway.stats().agentStreams > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(stack.gateway.stats().agentStreams).toBe(0);
  });

  it('ACCEPTED without awaiting, sending no CometD traffic', async () => {
    const result = await run('sendSmsMessage', `id: "${SEED_SESSION}", text: "hello"`);
    expect(result).toMatchObject({ outcome: 'ACCEPTED', session: null });
    expect(stack.gateway.stats().agentStreams).toBe(0);
    expect(stack.simulator.requests().some((r) => r.path.includes('notifications'))).toBe(false);
  });
});
