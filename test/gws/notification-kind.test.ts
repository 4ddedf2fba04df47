import { isSmsSessionNotification } from '../../src/gws/notification-kind.js';

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
      'an SMS key under an undocumented messageType',
      { messageType: 'test_accept ', smssession: session },
    ],
    ['an SMS key without a messageType', { notificationType: 'Error', smssession: session }],
    [
      'an SMS messageType without an SMS key',
      { messageType: 'SMSsessionStateChangeMessage', notificationType: 'Error' },
    ],
    ['a null SMS key', { messageType: 'MessageLogUpdated', smssessionUri: null }],
    ['an array', [{ messageType: 'MessageLogUpdated', smssessionUri: uri }]],
    ['a string', 'MessageLogUpdated'],
    ['null', null],
  ])('ignores %s', (_case, data) => {
    expect(isSmsSessionNotification(data)).toBe(false);
  });
});
