import { describeUpdate } from '../../examples/agent-desktop/src/lines.js';

const customer = {
  __typename: 'SmsParticipant',
  id: 'p1',
  nickname: 'MaryK',
  type: 'CUSTOMER',
} as const;

describe("the example desktop's lines", () => {
  it('prints a transcript entry with its author and text, and a system entry without one', () => {
    const line = describeUpdate({
      kind: 'event',
      event: {
        __typename: 'SmsMessagesAdded',
        cursor: 'c1',
        sessionId: 'S1',
        notificationType: 'NEW_MESSAGES',
        referenceId: null,
        messages: [
          {
            __typename: 'SmsMessage',
            id: 'm5',
            index: 5,
            type: 'TEXT',
            text: 'Where is my parcel?',
            url: null,
            noticeText: null,
            from: customer,
          },
          {
            __typename: 'SmsMessage',
            id: 'm6',
            index: 6,
            type: 'PARTICIPANT_LEFT',
            text: null,
            url: null,
            noticeText: null,
            from: null,
          },
        ],
      },
    });
    expect(line).toBe(
      'S1 NEW_MESSAGES #5 MaryK: TEXT "Where is my parcel?"; #6 system: PARTICIPANT_LEFT',
    );
  });

  it('prints a session update with its state and participants', () => {
    const line = describeUpdate({
      kind: 'event',
      event: {
        __typename: 'SmsSessionUpdated',
        cursor: 'c2',
        sessionId: 'S1',
        notificationType: 'RESYNC',
        referenceId: null,
        session: {
          __typename: 'SmsSession',
          id: 'S1',
          state: 'CHATTING',
          participants: [customer],
        },
      },
    });
    expect(line).toBe('S1 RESYNC CHATTING [MaryK]');
  });

  it('says where a reconnect resumes, or that it cannot', () => {
    expect(describeUpdate({ kind: 'connected', reconnect: true, resumeAfter: 'c2' })).toBe(
      'reconnected, resuming after c2',
    );
    expect(describeUpdate({ kind: 'connected', reconnect: true, resumeAfter: undefined })).toBe(
      'reconnected (no event received yet: live events only)',
    );
    expect(describeUpdate({ kind: 'disconnected', code: 1006 })).toBe(
      'disconnected (close code 1006), reconnecting',
    );
  });

  it('lists every session on a line of its own', () => {
    expect(
      describeUpdate({
        kind: 'sessions',
        sessions: [
          { __typename: 'SmsSession', id: 'S1', state: 'CHATTING', participants: [customer] },
          { __typename: 'SmsSession', id: 'S2', state: 'INVITED', participants: [] },
        ],
      }),
    ).toBe('session S1 CHATTING [MaryK]\nsession S2 INVITED []');
    expect(describeUpdate({ kind: 'sessions', sessions: [] })).toBe('no SMS sessions');
  });
});
