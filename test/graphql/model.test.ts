import { WireMapper } from '../../src/graphql/model.js';
import {
  cacheId,
  cleanUri,
  enumName,
  isoTimestamp,
  lastPathSegment,
} from '../../src/graphql/wire-values.js';

function mapperWithReports(): { mapper: WireMapper; reports: [string, unknown][] } {
  const reports: [string, unknown][] = [];
  return { mapper: new WireMapper((field, value) => reports.push([field, value])), reports };
}

describe('enumName', () => {
  it.each([
    ['Chatting', 'CHATTING'],
    ['LeftChat', 'LEFT_CHAT'],
    ['SendStartTypingToAgentsNotification', 'SEND_START_TYPING_TO_AGENTS_NOTIFICATION'],
    ['PushUrl', 'PUSH_URL'],
    ['VIP', 'VIP'],
    ['Int', 'INT'],
  ])('%s → %s', (wire, name) => expect(enumName(wire)).toBe(name));
});

describe('URIs', () => {
  it('removes the stray spaces of GWS samples', () => {
    expect(cleanUri('http: //localhost: 8080/api/v2/smssessions/0000Na9B26EF006E')).toBe(
      'http://localhost:8080/api/v2/smssessions/0000Na9B26EF006E',
    );
    expect(cleanUri(undefined)).toBeNull();
    expect(cleanUri('  ')).toBeNull();
  });

  it('finds the session id at the end of a URI or path', () => {
    expect(lastPathSegment('http: //localhost: 8080/api/v2/smssessions/0000Na9B26EF006E')).toBe(
      '0000Na9B26EF006E',
    );
    expect(lastPathSegment('/smssessions/0000Na9B26EF006M/')).toBe('0000Na9B26EF006M');
    expect(lastPathSegment(undefined)).toBeNull();
  });
});

describe('isoTimestamp', () => {
  it('reads timestampSeconds as milliseconds', () => {
    expect(isoTimestamp(1389261492035, undefined)).toBe('2014-01-09T09:58:12.035Z');
  });

  it('reads a seconds value as seconds', () => {
    expect(isoTimestamp(1389261492, undefined)).toBe('2014-01-09T09:58:12.000Z');
  });

  it('writes every millisecond as Date does, within a second and across seconds', () => {
    const times = [
      1389261492035, 1389261492036, 1389261492999, 1389261493000, 1389261492001.9, 253402300799999,
      253402300800000, 8.64e15,
    ];
    for (const ms of times) {
      expect(isoTimestamp(ms, undefined)).toBe(new Date(ms).toISOString());
    }
    expect(isoTimestamp(1389261492.0375, undefined)).toBe('2014-01-09T09:58:12.037Z');
    expect(isoTimestamp(-1.5, undefined)).toBe('1969-12-31T23:59:58.500Z');
  });

  it('falls back to the timestamp string when the time is beyond what a Date holds', () => {
    expect(isoTimestamp(8.64e15 + 1, '2014-01-09 11:58:12.035+0200')).toBe(
      '2014-01-09T09:58:12.035Z',
    );
  });

  it('falls back to the timestamp string, malformed as in the samples', () => {
    expect(isoTimestamp(undefined, '2014-01-09 11:58:12.035+0200')).toBe(
      '2014-01-09T09:58:12.035Z',
    );
    expect(isoTimestamp(undefined, '2014-01-0612: 14: 06.007-0800')).toBe(
      '2014-01-06T20:14:06.007Z',
    );
    expect(isoTimestamp(undefined, '2014-05-1502:24:00.000-0700')).toBe('2014-05-15T09:24:00.000Z');
  });

  it('gives null for what it cannot read', () => {
    expect(isoTimestamp(undefined, 'yesterday')).toBeNull();
    expect(isoTimestamp(Number.NaN, undefined)).toBeNull();
  });
});

describe('WireMapper', () => {
  const seedSession = {
    id: '0000Na9B26EF006E',
    state: 'Chatting',
    participants: [
      { nickname: 'TestName', type: 'Agent', participantId: '009052CB05C900EA' },
      { nickname: 'FirstL', type: 'Customer', participantId: '009052CB056C00E5' },
      { nickname: 'Bot', type: 'Robot', participantId: '009052CB056C00E9' },
      { nickname: 'nobody', type: 'Agent' },
    ],
    capabilities: [
      'Transfer',
      'Leave',
      'InFocus',
      'TeleportCustomer',
      'SendStopTypingToAgentsNotification',
    ],
    userData: { UserData1: 'DATA1', UserData2: 123456789 },
    uri: 'http: //localhost: 8080/api/v2/smssessions/0000Na9B26EF006E',
  };

  it('maps a session, dropping unknown capabilities and participants without an id', () => {
    const { mapper } = mapperWithReports();
    expect(mapper.session(seedSession)).toEqual({
      id: '0000Na9B26EF006E',
      state: 'CHATTING',
      participants: [
        {
          id: cacheId('SmsParticipant', '0000Na9B26EF006E', '009052CB05C900EA'),
          participantId: '009052CB05C900EA',
          nickname: 'TestName',
          type: 'AGENT',
          uri: null,
          visibility: null,
          path: null,
        },
        {
          id: cacheId('SmsParticipant', '0000Na9B26EF006E', '009052CB056C00E5'),
          participantId: '009052CB056C00E5',
          nickname: 'FirstL',
          type: 'CUSTOMER',
          uri: null,
          visibility: null,
          path: null,
        },
        {
          id: cacheId('SmsParticipant', '0000Na9B26EF006E', '009052CB056C00E9'),
          participantId: '009052CB056C00E9',
          nickname: 'Bot',
          type: 'UNKNOWN',
          uri: null,
          visibility: null,
          path: null,
        },
      ],
      capabilities: ['TRANSFER', 'LEAVE', 'IN_FOCUS', 'SEND_STOP_TYPING_TO_AGENTS_NOTIFICATION'],
      userData: { UserData1: 'DATA1', UserData2: 123456789 },
      uri: 'http://localhost:8080/api/v2/smssessions/0000Na9B26EF006E',
    });
  });

  it('reads the SMS page’s singular stop-typing spelling as the capability, and JoinFailed as a state', () => {
    const { mapper, reports } = mapperWithReports();
    const mapped = mapper.session({
      id: '0000Na9B26EF006E',
      state: 'JoinFailed',
      capabilities: ['SendStopTypingToAgentNotification', 'SetInFocus', 'Complete'],
    });
    expect(mapped.state).toBe('JOIN_FAILED');
    expect(mapped.capabilities).toEqual([
      'SEND_STOP_TYPING_TO_AGENTS_NOTIFICATION',
      'SET_IN_FOCUS',
      'COMPLETE',
    ]);
    expect(reports).toEqual([]);
  });

  it('reports each unknown value once', () => {
    const { mapper, reports } = mapperWithReports();
    mapper.session(seedSession);
    mapper.session({ ...seedSession, state: 'Hibernating' });
    mapper.session({ ...seedSession, state: 'Hibernating' });
    expect(reports).toEqual([
      ['SmsParticipant.type', 'Robot'],
      ['SmsParticipant.participantId', undefined],
      ['SmsSession.capabilities', 'TeleportCustomer'],
      ['SmsSession.state', 'Hibernating'],
    ]);
  });

  it('maps messages, taking the participant id from `id` when that is all there is', () => {
    const { mapper } = mapperWithReports();
    const messages = mapper.messages('0000Na9B26EF006E', [
      {
        index: 3,
        type: 'ParticipantJoined',
        from: {
          id: '009052CB05CA00EB',
          nickname: 'BFriend',
          type: 'Agent',
          uri: 'http://gws/api/v2/users/2',
          path: '/users/2',
          visibility: 'Agents',
        },
        visibility: 'All',
        timestamp: '2014-01-0612: 14: 06.007-0800',
        timestampSeconds: 1389039246007,
      } as never,
      { index: 4, type: 'Text', visibility: 'Agents', text: 'agents only' },
      { index: 5, type: 'Hologram', visibility: 'Everyone' },
      { type: 'Text', text: 'no index' } as never,
    ]);
    expect(messages).toEqual([
      {
        id: cacheId('SmsMessage', '0000Na9B26EF006E', 3),
        index: 3,
        type: 'PARTICIPANT_JOINED',
        from: {
          id: cacheId('SmsMessageSender', '0000Na9B26EF006E', 3),
          participantId: '009052CB05CA00EB',
          nickname: 'BFriend',
          type: 'AGENT',
          uri: 'http://gws/api/v2/users/2',
          visibility: 'AGENTS',
          path: '/users/2',
        },
        visibility: 'ALL',
        text: null,
        url: null,
        noticeText: null,
        timestamp: '2014-01-06T20:14:06.007Z',
      },
      {
        id: cacheId('SmsMessage', '0000Na9B26EF006E', 4),
        index: 4,
        type: 'TEXT',
        from: null,
        visibility: 'AGENTS',
        text: 'agents only',
        url: null,
        noticeText: null,
        timestamp: null,
      },
      {
        id: cacheId('SmsMessage', '0000Na9B26EF006E', 5),
        index: 5,
        type: 'UNKNOWN',
        from: null,
        visibility: 'UNKNOWN',
        text: null,
        url: null,
        noticeText: null,
        timestamp: null,
      },
    ]);
  });

  it('gives participants and messages ids stable within a session and distinct across sessions and types', () => {
    const { mapper } = mapperWithReports();
    const participant = { participantId: '009052CB05C900EA', nickname: 'TestName', type: 'Agent' };
    const message = { index: 7, type: 'Text', visibility: 'All', text: 'hello' };
    const inSeed = mapper.participant('0000Na9B26EF006E', participant)?.id;
    expect(mapper.participant('0000Na9B26EF006E', { ...participant, nickname: 'T' })?.id).toBe(
      inSeed,
    );
    const ids = [
      inSeed,
      mapper.participant('0000Na9B26EF006M', participant)?.id,
      mapper.message('0000Na9B26EF006E', message)?.id,
      mapper.message('0000Na9B26EF006M', message)?.id,
      mapper.message('0000Na9B26EF006E', { ...message, index: 8 })?.id,
      // Parts that would run together if joined by a separator stay apart.
      cacheId('SmsMessage', 'a:b', 'c'),
      cacheId('SmsMessage', 'a', 'b:c'),
    ];
    expect(mapper.message('0000Na9B26EF006E', { ...message, text: 'edited' })?.id).toBe(ids[2]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string' && /^[\w-]+$/.test(id))).toBe(true);
  });
});
