import type { Message } from '../../examples/web-desktop/src/messages.js';
import { author, clock, content, isShown } from '../../examples/web-desktop/src/messages.js';

function message(fields: Partial<Message>): Message {
  return {
    __typename: 'SmsMessage',
    id: 'm1',
    index: 1,
    type: 'TEXT',
    visibility: 'ALL',
    text: null,
    url: null,
    noticeText: null,
    timestamp: null,
    from: null,
    ...fields,
  };
}

const customer = {
  __typename: 'SmsParticipant',
  id: 'p1',
  participantId: '1',
  nickname: 'Robin',
  type: 'CUSTOMER',
} as const;

describe("the web desktop's transcript lines", () => {
  it('shows what was written, under the name of who wrote it', () => {
    const written = message({ text: 'Hello', from: customer });
    expect([author(written), content(written)]).toEqual(['Robin', 'Hello']);
  });

  it('says what happened where nothing was written', () => {
    expect(content(message({ type: 'PARTICIPANT_JOINED', from: customer }))).toBe('joined');
    expect(content(message({ type: 'PUSH_URL', url: 'https://example.com/track' }))).toBe(
      'https://example.com/track',
    );
    expect(content(message({ type: 'CUSTOM_NOTICE', noticeText: 'Survey sent' }))).toBe(
      'Survey sent',
    );
  });

  it('names a sender without a nickname by its type, and no sender as the system', () => {
    expect(author(message({ from: { ...customer, nickname: null } }))).toBe('customer');
    expect(author(message({}))).toBe('system');
  });

  it('leaves typing notices out of the transcript', () => {
    expect(isShown(message({ type: 'TYPING_STARTED' }))).toBe(false);
    expect(isShown(message({ type: 'TYPING_STOPPED' }))).toBe(false);
    expect(isShown(message({ type: 'TEXT' }))).toBe(true);
  });

  it('shows the hour and minute of a timestamp, and nothing for none or a bad one', () => {
    expect(clock('2026-12-07T09:05:00.000Z')).toMatch(/^\d\d:\d\d$/);
    expect(clock(null)).toBe('');
    expect(clock('not a time')).toBe('');
  });
});
