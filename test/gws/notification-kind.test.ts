import { isSmsSessionNotification, notificationKind } from '../../src/gws/notification-kind.js';

const session = { id: '0000Na9B26EF006E', state: 'Chatting' };
const uri = 'http://gws/api/v2/smssessions/0000Na9B26EF006E';

describe('isSmsSessionNotification', () => {
  it.each([
    ['a state change', { messageType: 'SMSsessionStateChangeMessage', smssession: session }],
    [
      'a state change spelled smsession',
      { messageType: 'SMSsessionStateChangeMessage', smsession: session },
    ],
    [
      'an Error carrying the session',
      {
        messageType: 'SMSsessionStateChangeMessage',
        notificationType: 'Error',
        errorMessage: 'Request failed',
        smssession: session,
      },
    ],
    [
      'a transcript addition by uri',
      { messageType: 'MessageLogUpdated', messages: [], smssessionUri: uri },
    ],
    [
      'a transcript addition by path',
      { messageType: 'MessageLogUpdated', messages: [], smssessionPath: '/smssessions/1' },
    ],
    [
      'a transcript addition spelled smsessionUri',
      { messageType: 'MessageLogUpdated', messages: [], smsessionUri: uri },
    ],
    // The Accept sample's messageType; the session key alone makes it an SMS notification.
    [
      'an SMS key under an undocumented messageType',
      { messageType: 'test_accept ', smssession: session },
    ],
    [
      'an Error with its session and no messageType',
      { notificationType: 'Error', smssession: session },
    ],
  ])('recognises %s', (_case, data) => {
    expect(isSmsSessionNotification(data)).toBe(true);
  });

  it.each([
    ['a device change', { messageType: 'DeviceStateChangeMessage', devices: [] }],
    ['a chat state change', { messageType: 'ChatStateChangeMessage', chat: session }],
    [
      'a chat transcript addition',
      { messageType: 'MessageLogUpdated', messages: [], chatUri: uri },
    ],
    [
      'an SMS messageType without an SMS key',
      { messageType: 'SMSsessionStateChangeMessage', notificationType: 'StatusChange' },
    ],
    ['a null SMS key', { messageType: 'MessageLogUpdated', smssessionUri: null }],
    ['an array', [{ messageType: 'MessageLogUpdated', smssessionUri: uri }]],
    ['a string', 'MessageLogUpdated'],
    ['null', null],
  ])('ignores %s', (_case, data) => {
    expect(isSmsSessionNotification(data)).toBe(false);
  });
});

describe('notificationKind', () => {
  it.each([
    [
      'the CancelConsult sample',
      { notificationType: 'Error', errorMessage: 'Request failed', referenceId: 35 },
    ],
    [
      'an Error with an SMS messageType and no session',
      { messageType: 'SMSsessionStateChangeMessage', notificationType: 'Error', referenceId: 3 },
    ],
    ['an Error without an errorMessage', { notificationType: 'Error', referenceId: 3 }],
  ])('takes %s for a bare Error', (_case, data) => {
    expect(notificationKind(data)).toBe('bareError');
  });

  it.each([
    [
      'an Error without a referenceId',
      { notificationType: 'Error', errorMessage: 'Request failed' },
    ],
    ['an Error whose referenceId is text', { notificationType: 'Error', referenceId: '35' }],
    [
      'a chat’s Error',
      {
        messageType: 'ChatStateChangeMessage',
        notificationType: 'Error',
        referenceId: 4,
        chat: session,
      },
    ],
    ['an Error naming a chat by uri', { notificationType: 'Error', referenceId: 4, chatUri: uri }],
    [
      'an Error of another medium’s messageType',
      { messageType: 'EmailStateChangeMessage', notificationType: 'Error', referenceId: 4 },
    ],
    ['a status change', { notificationType: 'StatusChange', referenceId: 4 }],
  ])('takes %s for another medium’s, or nothing', (_case, data) => {
    expect(notificationKind(data)).toBe('other');
  });

  it('takes a session key for SMS before anything else', () => {
    expect(
      notificationKind({ notificationType: 'Error', referenceId: 3, smssession: session }),
    ).toBe('sms');
  });
});

describe('channel state notifications', () => {
  const sms = { channel: 'sms', userState: { id: 'Ready', displayName: 'Ready', state: 'Ready' } };

  it.each([
    [
      'ChannelStateChangeMessageV2',
      { messageType: 'ChannelStateChangeMessageV2', channels: [sms] },
    ],
    ['another version of it', { messageType: 'ChannelStateChangeMessage', channels: [] }],
    ['a channels list of user states without a messageType', { channels: [sms] }],
  ])('takes %s for a channel state change', (_case, data) => {
    expect(notificationKind(data)).toBe('channelState');
  });

  it.each([
    ['a device change', { messageType: 'DeviceStateChangeMessage', channels: [sms] }],
    ['no messageType and an empty list', { channels: [] }],
    ['no messageType and entries without a user state', { channels: [{ channel: 'sms' }] }],
    [
      'a channels field that is no list',
      { messageType: 'ChannelStateChangeMessageV2', channels: {} },
    ],
  ])('takes %s for nothing of the agent’s channels', (_case, data) => {
    expect(notificationKind(data)).toBe('other');
  });

  it('takes an SMS session key first', () => {
    expect(notificationKind({ channels: [sms], smssession: session })).toBe('sms');
  });
});
