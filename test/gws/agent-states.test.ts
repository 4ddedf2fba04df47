import { isUnusable, readAgentStateSetting } from '../../src/gws/index.js';

describe('readAgentStateSetting', () => {
  it('takes a setting as clients read it: id, label, state, and the operation to send', () => {
    expect(
      readAgentStateSetting({
        id: 'NotReady-Lunch',
        displayName: 'Out to Lunch',
        state: 'NotReady',
        operationName: 'NotReady',
        reasonCode: 'Lunch',
        uri: 'http://gws/api/v2/settings/agent-states/NotReady-Lunch',
      }),
    ).toEqual({
      id: 'NotReady-Lunch',
      displayName: 'Out to Lunch',
      state: 'NotReady',
      request: { operationName: 'NotReady', reasonCode: 'Lunch' },
    });
  });

  it('names a setting by a numeric id or its name, and falls back to the operation and the id', () => {
    expect(readAgentStateSetting({ id: 7, operationName: 'Ready' })).toEqual({
      id: '7',
      displayName: '7',
      state: 'Ready',
      request: { operationName: 'Ready' },
    });
    expect(
      readAgentStateSetting({ name: 'acw', state: 'NotReady', workMode: 'AfterCallWork' }),
    ).toEqual({
      id: 'acw',
      displayName: 'acw',
      state: 'NotReady',
      request: { operationName: 'NotReady', workMode: 'AfterCallWork' },
    });
  });

  it('sends every reason field it has, as it has it, and no other field', () => {
    const read = readAgentStateSetting({
      id: 'x',
      operationName: 'NotReady',
      reason: 'Break',
      reasonCode: 12,
      workMode: 'AuxWork',
      reasons: { Code: 'B', Level: 2 },
      channels: ['sms'],
      enabled: true,
    });
    expect(isUnusable(read) ? undefined : read.request).toEqual({
      operationName: 'NotReady',
      reason: 'Break',
      reasonCode: 12,
      workMode: 'AuxWork',
      reasons: { Code: 'B', Level: 2 },
    });
  });

  it.each([
    ['not an object', 'Ready', 'setting'],
    ['no id or name', { operationName: 'Ready' }, 'id'],
    ['an empty id', { id: '', operationName: 'Ready' }, 'id'],
    ['no operation and no state', { id: 'x' }, 'operationName'],
    ['an operation that is not a name', { id: 'x', operationName: 'Not Ready' }, 'operationName'],
    ['an operation path', { id: 'x', operationName: '../me' }, 'operationName'],
    ['a reason that is an object', { id: 'x', state: 'NotReady', reason: {} }, 'reason'],
    ['reasons that are text', { id: 'x', state: 'NotReady', reasons: 'Lunch' }, 'reasons'],
    ['nested reasons', { id: 'x', state: 'NotReady', reasons: { a: { b: 1 } } }, 'reasons'],
    ['a fractional reasonCode', { id: 'x', state: 'NotReady', reasonCode: 1.5 }, 'reasonCode'],
  ])('leaves out a setting with %s', (_case, setting, field) => {
    const read = readAgentStateSetting(setting);
    expect(isUnusable(read)).toBe(true);
    expect(read).toMatchObject({ field });
  });
});
