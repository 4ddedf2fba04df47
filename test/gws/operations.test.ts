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
      /key must not be empty/,
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
