import { GwsError } from '../../src/gws/errors.js';
import { smsOperations } from '../../src/gws/operations.js';

const USER_URI = 'http://gws.example.com/api/v2/users/8ae7d9e1e8a94b6fb8a4e1f9b3c5d703';

describe('operation bodies: exactly the documented parameters', () => {
  it.each([
    [
      'accept',
      smsOperations.accept({ nickname: 'Kate' }),
      { operationName: 'Accept', nickname: 'Kate' },
    ],
    [
      'accept with saveLAR',
      smsOperations.accept({ nickname: 'Kate', saveLAR: true }),
      { operationName: 'Accept', nickname: 'Kate', saveLAR: true },
    ],
    ['reject', smsOperations.reject(), { operationName: 'Reject' }],
    ['complete', smsOperations.complete({ queueName: null }), { operationName: 'Complete' }],
    [
      'complete into a queue',
      smsOperations.complete({ queueName: 'PostProcessingQueue', saveLAR: false }),
      { operationName: 'Complete', queueName: 'PostProcessingQueue', saveLAR: false },
    ],
    ['leave', smsOperations.leave(), { operationName: 'Leave' }],
    [
      'transfer to a queue',
      smsOperations.transfer({ queueName: 'SMS Overflow' }),
      { operationName: 'Transfer', queueName: 'SMS Overflow' },
    ],
    ['setInFocus', smsOperations.setInFocus(), { operationName: 'SetInFocus' }],
    [
      'sendMessage',
      smsOperations.sendMessage({ text: 'Hi' }),
      { operationName: 'SendMessage', text: 'Hi' },
    ],
    [
      'sendUrl',
      smsOperations.sendUrl({ url: 'https://example.com/track' }),
      { operationName: 'SendUrl', url: 'https://example.com/track' },
    ],
    [
      'sendToAgents',
      smsOperations.sendToAgents({ text: 'psst' }),
      { operationName: 'SendToAgents', text: 'psst' },
    ],
    [
      'sendCustomNotice',
      smsOperations.sendCustomNotice({ noticeText: 'n' }),
      { operationName: 'SendCustomNotice', noticeText: 'n' },
    ],
    [
      'sendCustomNoticeToAgents',
      smsOperations.sendCustomNoticeToAgents({ noticeText: 'n' }),
      { operationName: 'SendCustomNoticeToAgents', noticeText: 'n' },
    ],
    [
      'startTyping',
      smsOperations.startTyping({}),
      { operationName: 'SendStartTypingNotification' },
    ],
    [
      'startTyping to agents',
      smsOperations.startTyping({ toAgents: true }),
      { operationName: 'SendStartTypingToAgentsNotification' },
    ],
    [
      'stopTyping',
      smsOperations.stopTyping({ toAgents: false }),
      { operationName: 'SendStopTypingNotification' },
    ],
    [
      'stopTyping to agents',
      smsOperations.stopTyping({ toAgents: true }),
      { operationName: 'SendStopTypingToAgentsNotification' },
    ],
    [
      'consult',
      smsOperations.consult({ targetPath: '/users/u1' }),
      { operationName: 'Consult', targetPath: '/users/u1' },
    ],
    ['cancelConsult', smsOperations.cancelConsult(), { operationName: 'CancelConsult' }],
    [
      'removeParticipant',
      smsOperations.removeParticipant({ targetUri: USER_URI }),
      { operationName: 'RemoveParticipantFromConference', targetUri: USER_URI },
    ],
    [
      'setDisposition',
      smsOperations.setDisposition({ disposition: 'IssueResolved', dispositionKey: null }),
      { operationName: 'SetDisposition', disposition: 'IssueResolved' },
    ],
    [
      'attachUserData',
      smsOperations.attachUserData({ userData: { UserData1: 'DATA1', UserData2: 123456789 } }),
      { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } },
    ],
    [
      'deleteUserData',
      smsOperations.deleteUserData({ keys: ['UserData1'] }),
      { operationName: 'DeleteUserData', keys: ['UserData1'] },
    ],
  ])('%s', (_name, body, expected) => {
    expect(body).toStrictEqual(expected);
  });
});

describe('operation parameters are checked', () => {
  it.each([
    [
      'an empty nickname',
      () => smsOperations.accept({ nickname: ' ' }),
      /nickname must not be empty/,
    ],
    ['an empty text', () => smsOperations.sendMessage({ text: '' }), /text must not be empty/],
    [
      'a text too long',
      () => smsOperations.sendMessage({ text: 'x'.repeat(4097) }),
      /at most 4096/,
    ],
    ['a relative url', () => smsOperations.sendUrl({ url: '/track' }), /absolute http/],
    [
      'a javascript: url',
      () => smsOperations.sendUrl({ url: 'javascript:alert(1)' }),
      /absolute http/,
    ],
    [
      'no transfer target',
      () => smsOperations.transfer({}),
      /exactly one of targetUri, targetPath, queueName/,
    ],
    [
      'two transfer targets',
      () => smsOperations.transfer({ targetPath: '/users/u1', queueName: 'q' }),
      /exactly one/,
    ],
    [
      'an empty queueName',
      () => smsOperations.complete({ queueName: '' }),
      /queueName must not be empty/,
    ],
    ['a bad targetPath', () => smsOperations.consult({ targetPath: '/users/../me' }), /targetPath/],
    [
      'a bad removal target',
      () => smsOperations.removeParticipant({ targetUri: 'x' }),
      /targetUri/,
    ],
    [
      'an empty disposition',
      () => smsOperations.setDisposition({ disposition: '' }),
      /disposition/,
    ],
    ['empty userData', () => smsOperations.attachUserData({ userData: {} }), /at least one key/],
    [
      'a nested userData value',
      () => smsOperations.updateUserData({ userData: { a: { b: 1 } } }),
      /userData.a must be a string or a number/,
    ],
    [
      'a boolean userData value',
      () => smsOperations.attachUserData({ userData: { flag: true } }),
      /userData.flag must be a string or a number/,
    ],
    ['no keys', () => smsOperations.deleteUserData({ keys: [] }), /at least one key/],
    [
      'an empty key',
      () => smsOperations.deleteUserData({ keys: ['ok', ''] }),
      /key must not be empty/,
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
