import { enumName } from '../../src/graphql/wire-values.js';
import { CHATTING_ALONE, CONFERENCE, INVITED, LEFT_CHAT } from '../support/capability-samples.js';
import { startStack, type Stack } from '../support/stack.js';

/** GWS's sample lists in the gateway's enum names. */
const SAMPLES = {
  invited: INVITED.map(enumName),
  chatting: CHATTING_ALONE.map(enumName),
  conference: CONFERENCE.map(enumName),
  leftChat: LEFT_CHAT.map(enumName),
  completed: [],
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { OUTCOME_QUIET_WINDOW_MS: '100' } });
});
afterAll(() => stack.close());

async function capabilities(id: string): Promise<{ state: string; capabilities: string[] }> {
  const response = await stack.graphql<{
    smsSession: { state: string; capabilities: string[] };
  }>(`{ smsSession(id: "${id}") { state capabilities } }`);
  expect(response.errors).toBeUndefined();
  return response.data?.smsSession as { state: string; capabilities: string[] };
}

async function operate(mutation: string): Promise<void> {
  const response = await stack.graphql<Record<string, { outcome: string }>>(
    `mutation { ${mutation} { outcome } }`,
  );
  expect(response.errors).toBeUndefined();
  expect(Object.values(response.data ?? {})[0]?.outcome).toBe('CONFIRMED');
}

it('capabilities in every state are those of GWS’s samples', async () => {
  expect(await capabilities('0000Na9B26EF0070')).toEqual({
    state: 'INVITED',
    capabilities: SAMPLES.invited,
  });
  expect(await capabilities('0000Na9B26EF006M')).toEqual({
    state: 'CHATTING',
    capabilities: SAMPLES.chatting,
  });
  expect(await capabilities('0000Na9B26EF0071')).toEqual({
    state: 'COMPLETED',
    capabilities: SAMPLES.completed,
  });

  // BFriend answers at once, so the invite makes a conference.
  await operate(
    'inviteToSmsSession(id: "0000Na9B26EF006M", targetUri: "http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041", awaitOutcome: true)',
  );
  expect(await capabilities('0000Na9B26EF006M')).toEqual({
    state: 'CHATTING',
    capabilities: SAMPLES.conference,
  });

  await operate('leaveSmsSession(id: "0000Na9B26EF006E", awaitOutcome: true)');
  expect(await capabilities('0000Na9B26EF006E')).toEqual({
    state: 'LEFT_CHAT',
    capabilities: SAMPLES.leftChat,
  });
});
