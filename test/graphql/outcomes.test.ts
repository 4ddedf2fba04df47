import type {
  SmsNotificationType,
  SmsParticipantType,
  SmsSessionState,
} from '../../src/generated/graphql.js';
import type { SmsOperationName } from '../../src/gws/index.js';
import type { SmsSessionEventModel } from '../../src/graphql/events.js';
import { awaitOutcome, type OutcomeQuestion } from '../../src/graphql/outcomes.js';

const S1 = '0000Na9B26EF006E';
const S2 = '0000Na9B26EF006M';

/** Events as the fan-out would hand them over, then silence (or the end, with `ends`). */
function watched(events: SmsSessionEventModel[], { connected = true, ends = false } = {}) {
  const queue = [...events];
  const iterator: AsyncIterator<SmsSessionEventModel> = {
    next: () => {
      const value = queue.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (ends) return Promise.resolve({ value: undefined, done: true });
      return new Promise(() => undefined);
    },
  };
  return { events: iterator, connected };
}

function updated(
  sessionId: string,
  referenceId: number | null,
  notificationType: SmsNotificationType = 'PARTICIPANTS_UPDATED',
  state: SmsSessionState = 'CHATTING',
): SmsSessionEventModel {
  const session = {
    id: sessionId,
    state,
    participants: [],
    capabilities: [],
    userData: null,
    uri: null,
  };
  return { kind: 'SmsSessionUpdated', sessionId, referenceId, notificationType, session };
}

function failed(sessionId: string, referenceId: number | null): SmsSessionEventModel {
  return {
    kind: 'SmsOperationFailed',
    sessionId,
    referenceId,
    notificationType: 'ERROR',
    errorMessage: 'Request failed',
    session: null,
  };
}

function text(
  sessionId: string,
  referenceId: number | null,
  body: string,
  senderType: SmsParticipantType = 'AGENT',
): SmsSessionEventModel {
  return {
    kind: 'SmsMessagesAdded',
    sessionId,
    referenceId,
    notificationType: 'NEW_MESSAGES',
    messages: [
      {
        id: `${sessionId}-5`,
        index: 5,
        type: 'TEXT',
        from: {
          id: `${sessionId}-p`,
          participantId: senderType === 'AGENT' ? '0001' : '0002',
          nickname: null,
          type: senderType,
          uri: null,
          visibility: null,
          path: null,
        },
        visibility: 'ALL',
        text: body,
        url: null,
        noticeText: null,
        timestamp: null,
      },
    ],
  };
}

function question(
  operationName: SmsOperationName,
  referenceId: number | undefined,
  extra: Record<string, unknown> = {},
  upstreamSession?: string,
): OutcomeQuestion {
  return {
    sessionId: S1,
    request: { operationName, ...extra },
    referenceId,
    upstreamSession,
    deadline: Date.now() + 200,
    quietWindowMs: 50,
  };
}

describe('awaitOutcome', () => {
  it('takes the Error with its referenceId over an unrelated notification of the same kind', async () => {
    const outcome = await awaitOutcome(
      watched([updated(S1, 99), failed(S1, 7)]),
      question('Invite', 7, { targetPath: '/users/u1' }),
    );
    expect(outcome).toEqual({ outcome: 'FAILED', errorMessage: 'Request failed' });
  });

  it('ignores an Error with the same referenceId about another session', async () => {
    const outcome = await awaitOutcome(
      watched([failed(S2, 7), text(S1, null, 'hello')]),
      question('SendMessage', 7, { text: 'hello' }),
    );
    expect(outcome.outcome).toBe('CONFIRMED');
  });

  it('takes an Error with the referenceId that names no session', async () => {
    const outcome = await awaitOutcome(watched([failed('', 5)]), question('CancelConsult', 5));
    expect(outcome.outcome).toBe('FAILED');
  });

  it('confirms by the notification carrying the referenceId', async () => {
    const outcome = await awaitOutcome(
      watched([updated(S1, 3), updated(S1, 7)]),
      question('Invite', 7),
    );
    expect(outcome.outcome).toBe('CONFIRMED');
  });

  it('confirms by the documented effect only on events carrying no referenceId', async () => {
    const other = await awaitOutcome(
      watched([text(S1, 8, 'hello')]),
      question('SendMessage', 7, { text: 'hello' }),
    );
    expect(other.outcome).toBe('TIMED_OUT');
    const unmarked = await awaitOutcome(
      watched([text(S1, null, 'something else'), text(S1, null, 'hello')]),
      question('SendMessage', 7, { text: 'hello' }),
    );
    expect(unmarked.outcome).toBe('CONFIRMED');
  });

  it('confirms a message by effect only when an agent sent it: a customer’s same text does not', async () => {
    const outcome = await awaitOutcome(
      watched([text(S1, null, 'ok', 'CUSTOMER'), text(S1, null, 'ok', 'UNKNOWN')]),
      question('SendMessage', 7, { text: 'ok' }),
    );
    expect(outcome.outcome).toBe('TIMED_OUT');
  });

  it('confirms by effect when GWS gave no referenceId (Accept)', async () => {
    const outcome = await awaitOutcome(
      watched([updated(S2, null, 'STATUS_CHANGE'), updated(S1, 1, 'STATUS_CHANGE')]),
      question('Accept', undefined, { nickname: 'Kate' }),
    );
    expect(outcome.outcome).toBe('CONFIRMED');
  });

  it('confirms LeaveAndComplete by effect when the agent’s session is Completed, not LeftChat', async () => {
    const leftOnly = await awaitOutcome(
      watched([updated(S1, null, 'STATUS_CHANGE', 'LEFT_CHAT')]),
      question('LeaveAndComplete', undefined),
    );
    expect(leftOnly.outcome).toBe('TIMED_OUT');
    const completed = await awaitOutcome(
      watched([
        updated(S1, null, 'STATUS_CHANGE', 'LEFT_CHAT'),
        updated(S1, null, 'STATUS_CHANGE', 'COMPLETED'),
      ]),
      question('LeaveAndComplete', undefined),
    );
    expect(completed.outcome).toBe('CONFIRMED');
  });

  it('confirms silence only when the whole quiet window was watched', async () => {
    expect((await awaitOutcome(watched([]), question('SetInFocus', 4))).outcome).toBe('CONFIRMED');
    expect(
      (await awaitOutcome(watched([], { connected: false }), question('SetInFocus', 4))).outcome,
    ).toBe('TIMED_OUT');
    expect(
      (await awaitOutcome(watched([], { ends: true }), question('CancelConsult', 4))).outcome,
    ).toBe('TIMED_OUT');
  });

  it('stops waiting, as cancelled, the moment its client goes away', async () => {
    const clientGone = new AbortController();
    const waiting = awaitOutcome(
      watched([]),
      { ...question('Invite', 7), deadline: Date.now() + 60_000 },
      clientGone.signal,
    );
    clientGone.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('takes referenceIds only from the upstream session the operation went in', async () => {
    const fromOther = (event: SmsSessionEventModel) => ({ ...event, upstreamSession: 'other' });
    const fromOwn = (event: SmsSessionEventModel) => ({ ...event, upstreamSession: 'own' });
    const otherError = await awaitOutcome(
      watched([fromOther(failed(S1, 7)), fromOther(updated(S1, 7, 'STATUS_CHANGE'))]),
      question('Invite', 7, { targetPath: '/users/u1' }, 'own'),
    );
    expect(otherError.outcome).toBe('TIMED_OUT');
    const ownError = await awaitOutcome(
      watched([fromOther(updated(S1, 7, 'STATUS_CHANGE')), fromOwn(failed(S1, 7))]),
      question('Invite', 7, { targetPath: '/users/u1' }, 'own'),
    );
    expect(ownError.outcome).toBe('FAILED');
    // Another session's referenceId is no referenceId of this one: the documented effect decides.
    const byEffect = await awaitOutcome(
      watched([fromOther(text(S1, 7, 'hello'))]),
      question('SendMessage', 7, { text: 'hello' }, 'own'),
    );
    expect(byEffect.outcome).toBe('CONFIRMED');
  });

  it('fails an Accept that leaves the session JoinFailed, with or without its referenceId', async () => {
    const numbered = await awaitOutcome(
      watched([updated(S1, 3, 'STATUS_CHANGE', 'JOIN_FAILED')]),
      question('Accept', 3, { nickname: 'Kate' }),
    );
    expect(numbered).toEqual({
      outcome: 'FAILED',
      errorMessage: expect.stringContaining('JoinFailed'),
    });
    const unnumbered = await awaitOutcome(
      watched([updated(S1, null, 'STATUS_CHANGE', 'JOIN_FAILED')]),
      question('Accept', undefined, { nickname: 'Kate' }),
    );
    expect(unnumbered.outcome).toBe('FAILED');
  });

  it('times out when nothing tells the outcome', async () => {
    const outcome = await awaitOutcome(watched([updated(S2, 7)]), question('Invite', 7));
    expect(outcome).toEqual({ outcome: 'TIMED_OUT', errorMessage: null });
  });
});
