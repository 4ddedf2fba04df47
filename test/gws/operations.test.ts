import { GwsError } from '../../src/gws/errors.js';
import { operationRequests } from '../../src/gws/operations.js';

const USER_URI = 'http://gws.example.com/api/v2/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';

describe('operation bodies: exactly the documented parameters', () => {
  it.each([
    [
      'accept',
      operationRequests.Accept({ nickname: 'Kate' }),
      { operationName: 'Accept', nickname: 'Kate' },
    ],
    [
      'accept with saveLAR',
      operationRequests.Accept({ nickname: 'Kate', saveLAR: true }),
      { operationName: 'Accept', nickname: 'Kate', saveLAR: true },
    ],
    ['reject', operationRequests.Reject(), { operationName: 'Reject' }],
    ['complete', operationRequests.Complete({ queueName: null }), { operationName: 'Complete' }],
    [
      'complete into a queue',
      operationRequests.Complete({ queueName: 'PostProcessingQueue', saveLAR: false }),
      { operationName: 'Complete', queueName: 'PostProcessingQueue', saveLAR: false },
    ],
    ['leave', operationRequests.Leave(), { operationName: 'Leave' }],
    [
      'leaveAndComplete',
      operationRequests.LeaveAndComplete(),
      { operationName: 'LeaveAndComplete' },
    ],
    [
      'transfer to a queue',
      operationRequests.Transfer({ queueName: 'SMS Overflow' }),
      { operationName: 'Transfer', queueName: 'SMS Overflow' },
    ],
    ['setInFocus', operationRequests.SetInFocus(), { operationName: 'SetInFocus' }],
    [
      'sendMessage',
      operationRequests.SendMessage({ text: 'Hi' }),
      { operationName: 'SendMessage', text: 'Hi' },
    ],
    [
      'sendUrl',
      operationRequests.SendUrl({ url: 'https://example.com/track' }),
      { operationName: 'SendUrl', url: 'https://example.com/track' },
    ],
    [
      'sendToAgents',
      operationRequests.SendToAgents({ text: 'psst' }),
      { operationName: 'SendToAgents', text: 'psst' },
    ],
    [
      'sendCustomNotice',
      operationRequests.SendCustomNotice({ noticeText: 'n' }),
      { operationName: 'SendCustomNotice', noticeText: 'n' },
    ],
    [
      'sendCustomNoticeToAgents',
      operationRequests.SendCustomNoticeToAgents({ noticeText: 'n' }),
      { operationName: 'SendCustomNoticeToAgents', noticeText: 'n' },
    ],
    [
      'startTyping',
      operationRequests.SendStartTypingNotification(),
      { operationName: 'SendStartTypingNotification' },
    ],
    [
      'startTyping to agents',
      operationRequests.SendStartTypingToAgentsNotification(),
      { operationName: 'SendStartTypingToAgentsNotification' },
    ],
    [
      'stopTyping',
      operationRequests.SendStopTypingNotification(),
      { operationName: 'SendStopTypingNotification' },
    ],
    [
      'stopTyping to agents',
      operationRequests.SendStopTypingToAgentsNotification(),
      { operationName: 'SendStopTypingToAgentsNotification' },
    ],
    [
      'consult',
      operationRequests.Consult({ targetPath: '/users/u1' }),
      { operationName: 'Consult', targetPath: '/users/u1' },
    ],
    ['cancelConsult', operationRequests.CancelConsult(), { operationName: 'CancelConsult' }],
    [
      'removeParticipant',
      operationRequests.RemoveParticipantFromConference({ targetUri: USER_URI }),
      { operationName: 'RemoveParticipantFromConference', targetUri: USER_URI },
    ],
    [
      'setDisposition',
      operationRequests.SetDisposition({ disposition: 'IssueResolved', dispositionKey: null }),
      { operationName: 'SetDisposition', disposition: 'IssueResolved' },
    ],
    [
      'attachUserData',
      operationRequests.AttachUserData({ userData: { UserData1: 'DATA1', UserData2: 123456789 } }),
      { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } },
    ],
    [
      'deleteUserData',
      operationRequests.DeleteUserData({ keys: ['UserData1'] }),
      { operationName: 'DeleteUserData', keys: ['UserData1'] },
    ],
    [
      'startContactCenterSession',
      operationRequests.StartContactCenterSession({ channels: ['sms', 'im-session'] }),
      { operationName: 'StartContactCenterSession', channels: ['sms', 'im-session'] },
    ],
    [
      'startContactCenterSession with a place',
      operationRequests.StartContactCenterSession({ channels: ['sms'], place: 'Place_301' }),
      { operationName: 'StartContactCenterSession', channels: ['sms'], place: 'Place_301' },
    ],
    [
      'endContactCenterSession',
      operationRequests.EndContactCenterSession(),
      { operationName: 'EndContactCenterSession' },
    ],
    ['ready', operationRequests.Ready(), { operationName: 'Ready' }],
    ['notReady', operationRequests.NotReady(), { operationName: 'NotReady' }],
  ])('%s', (_name, body, expected) => {
    expect(body).toStrictEqual(expected);
  });
});

describe('operation parameters are checked', () => {
  it.each([
    [
      'an empty nickname',
      () => operationRequests.Accept({ nickname: ' ' }),
      /nickname must not be empty/,
    ],
    ['an empty text', () => operationRequests.SendMessage({ text: '' }), /text must not be empty/],
    [
      'a text too long',
      () => operationRequests.SendMessage({ text: 'x'.repeat(4097) }),
      /at most 4096/,
    ],
    ['a relative url', () => operationRequests.SendUrl({ url: '/track' }), /absolute http/],
    [
      'a javascript: url',
      () => operationRequests.SendUrl({ url: 'javascript:alert(1)' }),
      /absolute http/,
    ],
    [
      'no transfer target',
      () => operationRequests.Transfer({}),
      /exactly one of targetUri, targetPath, queueName/,
    ],
    [
      'two transfer targets',
      () => operationRequests.Transfer({ targetPath: '/users/u1', queueName: 'q' }),
      /exactly one/,
    ],
    [
      'an empty queueName',
      () => operationRequests.Complete({ queueName: '' }),
      /queueName must not be empty/,
    ],
    [
      'a bad targetPath',
      () => operationRequests.Consult({ targetPath: '/users/../me' }),
      /targetPath/,
    ],
    [
      'a bad removal target',
      () => operationRequests.RemoveParticipantFromConference({ targetUri: 'x' }),
      /targetUri/,
    ],
    [
      'an empty disposition',
      () => operationRequests.SetDisposition({ disposition: '' }),
      /disposition/,
    ],
    [
      'empty userData',
      () => operationRequests.AttachUserData({ userData: {} }),
      /at least one key/,
    ],
    [
      'a nested userData value',
      () => operationRequests.UpdateUserData({ userData: { a: { b: 1 } } }),
      /userData.a must be a string or a number/,
    ],
    [
      'a boolean userData value',
      () => operationRequests.AttachUserData({ userData: { flag: true } }),
      /userData.flag must be a string or a number/,
    ],
    ['no keys', () => operationRequests.DeleteUserData({ keys: [] }), /at least one key/],
    [
      'an empty key',
      () => operationRequests.DeleteUserData({ keys: ['ok', ''] }),
      /keys\[1\] must not be empty/,
    ],
    [
      'no channels',
      () => operationRequests.StartContactCenterSession({ channels: [] }),
      /at least one channel/,
    ],
    [
      'a channel that is not a name',
      () => operationRequests.StartContactCenterSession({ channels: ['sms', '../voice'] }),
      /Invalid channel/,
    ],
    [
      'a repeated channel',
      () => operationRequests.StartContactCenterSession({ channels: ['sms', 'sms'] }),
      /must not repeat/,
    ],
    [
      'an empty place',
      () => operationRequests.StartContactCenterSession({ channels: ['sms'], place: '' }),
      /place must not be empty/,
    ],
  ])('refuses %s', (_case, build, message) => {
    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GwsError);
    expect((thrown as GwsError).kind).toBe('invalid_input');
    expect((thrown as GwsError).message).toMatch(message);
  });
});

/** What a person counts as one character, and JavaScript as two (a surrogate pair). */
const EMOJI = '\u{1F600}';
const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';

/** The error a build throws, failing the test when it throws none or another kind. */
function refusal(build: () => unknown): GwsError {
  let thrown: unknown;
  try {
    build();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(GwsError);
  expect((thrown as GwsError).kind).toBe('invalid_input');
  return thrown as GwsError;
}

describe('text is measured in characters as a person counts them (code points)', () => {
  it('takes 4096 emoji as a text of 4096 characters, and sends them as they are', () => {
    const text = EMOJI.repeat(4096);
    expect(text.length).toBe(8192);
    expect(operationRequests.SendMessage({ text })).toStrictEqual({
      operationName: 'SendMessage',
      text,
    });
    expect(operationRequests.AttachUserData({ userData: { note: text } }).userData.note).toBe(text);
  });

  it('refuses 4097 emoji, and a name of 257', () => {
    expect(refusal(() => operationRequests.SendMessage({ text: EMOJI.repeat(4097) })).message).toBe(
      'text must be at most 4096 characters.',
    );
    expect(operationRequests.Accept({ nickname: EMOJI.repeat(256) }).nickname).toHaveLength(512);
    expect(
      refusal(() => operationRequests.Accept({ nickname: EMOJI.repeat(257) })).message,
    ).toMatch(/^nickname must be at most 256 characters/);
  });
});

describe('string parameters hold only characters GWS can be sent', () => {
  it.each([
    ['a text of several lines', `line one\nline two\r\nline three`],
    ['a text with tabs', 'name:\tKate'],
    ['a text with accents and emoji', `Déjà vu ${EMOJI}`],
  ])('takes %s', (_case, text) => {
    expect(operationRequests.SendMessage({ text }).text).toBe(text);
    expect(operationRequests.SendCustomNotice({ noticeText: text }).noticeText).toBe(text);
    expect(operationRequests.UpdateUserData({ userData: { note: text } }).userData.note).toBe(text);
  });

  it.each([
    ['a lone high surrogate', `Hi ${LONE_HIGH}`, /^text must not hold a lone surrogate \(U\+D83D/],
    ['a lone low surrogate', `${LONE_LOW} Hi`, /^text must not hold a lone surrogate \(U\+DE00/],
    ['a surrogate pair split apart', `${LONE_HIGH}x${LONE_LOW}`, /lone surrogate/],
    ['NUL', 'Hi\u0000there', /^text must not hold the control character U\+0000/],
    ['ESC', '\u001b[31mred', /control character U\+001B/],
    ['DEL', 'Hi\u007f', /control character U\+007F/],
    ['a C1 control (NEL)', 'Hi\u0085there', /control character U\+0085/],
    ['a CR that is not part of CRLF', 'over\rwritten', /control character U\+000D/],
    ['a vertical tab', 'a\u000bb', /control character U\+000B/],
  ])('refuses a text with %s', (_case, text, message) => {
    expect(refusal(() => operationRequests.SendMessage({ text })).message).toMatch(message);
    expect(refusal(() => operationRequests.SendToAgents({ text })).message).toMatch(message);
    const value = refusal(() => operationRequests.AttachUserData({ userData: { note: text } }));
    expect(value.message).toMatch(/^userData\.note must not hold/);
  });

  it.each([
    ['nickname', (value: string) => operationRequests.Accept({ nickname: value })],
    ['queueName', (value: string) => operationRequests.Complete({ queueName: value })],
    ['queueName', (value: string) => operationRequests.Transfer({ queueName: value })],
    ['disposition', (value: string) => operationRequests.SetDisposition({ disposition: value })],
    [
      'dispositionKey',
      (value: string) =>
        operationRequests.SetDisposition({ disposition: 'Done', dispositionKey: value }),
    ],
    [
      'place',
      (value: string) =>
        operationRequests.StartContactCenterSession({ channels: ['sms'], place: value }),
    ],
    ['keys[1]', (value: string) => operationRequests.DeleteUserData({ keys: ['ok', value] })],
    [
      'A key of userData',
      (value: string) => operationRequests.AttachUserData({ userData: { [value]: 'x' } }),
    ],
    ['url', (value: string) => operationRequests.SendUrl({ url: `https://example.com/${value}` })],
    [
      'targetUri',
      (value: string) =>
        operationRequests.RemoveParticipantFromConference({
          targetUri: `http://gws.example.com/api/v2/users/${value}`,
        }),
    ],
  ])(
    'refuses a line break, a tab, a control character or a lone surrogate in %s',
    (argument, build) => {
      for (const [value, shown] of [
        ['two\nlines', 'U+000A'],
        ['two\r\nlines', 'U+000D'],
        ['a\ttab', 'U+0009'],
        ['a\u2028separator', 'U+2028'],
        ['nul\u0000', 'U+0000'],
        [`half${LONE_HIGH}`, 'U+D83D'],
      ] as const) {
        const { message } = refusal(() => build(value));
        expect(message.startsWith(`${argument} must `)).toBe(true);
        expect(message).toContain(shown);
      }
    },
  );
});
