import {
  requestsByMutation,
  SMS_MUTATIONS,
  SMS_OPERATIONS,
  type SmsOperationField,
} from '../../src/graphql/sms-operations.js';

const SESSION = '0000Na9B26EF006E';

function requestOf(mutation: SmsOperationField, args: Record<string, unknown>) {
  const request = SMS_MUTATIONS.get(mutation);
  if (!request) throw new Error(`no request for ${mutation}`);
  return request({ id: SESSION, awaitOutcome: false, ...args });
}

describe('the operations table', () => {
  it('gives every mutation it names one request, built from the mutation’s arguments', () => {
    expect(requestOf('sendSmsMessage', { text: 'Hi' })).toStrictEqual({
      operationName: 'SendMessage',
      text: 'Hi',
    });
    expect(requestOf('completeSmsSession', { queueName: null, saveLAR: true })).toStrictEqual({
      operationName: 'Complete',
      saveLAR: true,
    });
  });

  it.each<[SmsOperationField, string, string]>([
    ['startSmsTyping', 'SendStartTypingNotification', 'SendStartTypingToAgentsNotification'],
    ['stopSmsTyping', 'SendStopTypingNotification', 'SendStopTypingToAgentsNotification'],
  ])('%s sends %s, or %s when toAgents is true', (mutation, toEveryone, toAgents) => {
    expect(requestOf(mutation, {}).operationName).toBe(toEveryone);
    expect(requestOf(mutation, { toAgents: null }).operationName).toBe(toEveryone);
    expect(requestOf(mutation, { toAgents: false }).operationName).toBe(toEveryone);
    expect(requestOf(mutation, { toAgents: true }).operationName).toBe(toAgents);
  });

  it('refuses a table where a mutation sends two operations with nothing to choose between them', () => {
    const table = {
      ...SMS_OPERATIONS,
      SendStartTypingToAgentsNotification: {
        ...SMS_OPERATIONS.SendStartTypingToAgentsNotification,
        when: undefined,
      },
    };
    expect(() => requestsByMutation(table)).toThrow(
      'startSmsTyping sends SendStartTypingNotification, SendStartTypingToAgentsNotification: it ' +
        'must send one operation, and may send another when a Boolean argument is true.',
    );
  });

  it('refuses a table where a mutation sends an operation only when an argument chooses it', () => {
    const table = {
      ...SMS_OPERATIONS,
      SendStopTypingNotification: {
        ...SMS_OPERATIONS.SendStopTypingNotification,
        when: 'toAgents',
      },
    } as const;
    expect(() => requestsByMutation(table)).toThrow(
      'stopSmsTyping sends SendStopTypingNotification when toAgents, ' +
        'SendStopTypingToAgentsNotification when toAgents:',
    );
  });
});
