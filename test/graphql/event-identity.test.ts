import {
  EventProjector,
  upstreamIdentity,
  type SmsSessionEventModel,
} from '../../src/graphql/events.js';
import { WireMapper } from '../../src/graphql/model.js';
import type { WireSmsNotification } from '../../src/gws/index.js';

const SESSION_ID = '0000Na9B26EF006E';
const projector = new EventProjector(new WireMapper(() => undefined), () => undefined);

/** The one event a notification projects to, as it came in the given upstream HTTP session. */
function project(notification: unknown, upstreamSession = 'first'): SmsSessionEventModel {
  const [event] = projector.project(notification as WireSmsNotification, upstreamSession);
  if (!event) throw new Error('the notification projected to no event');
  return event;
}

const identity = (notification: unknown, upstreamSession?: string) =>
  upstreamIdentity(project(notification, upstreamSession));

const message = (index: number, text = `message ${index}`) => ({
  index,
  type: 'Text',
  text,
  visibility: 'All',
  from: { nickname: 'Customer', type: 'Customer', participantId: 'c1' },
  timestampSeconds: 1_389_261_492_035 + index,
});

const newMessages = (...messages: ReturnType<typeof message>[]) => ({
  messageType: 'MessageLogUpdated',
  notificationType: 'NewMessages',
  messages,
  smssessionUri: `http://gws/api/v2/smssessions/${SESSION_ID}`,
});

const stateChange = (state: string, referenceId?: number) => ({
  messageType: 'SMSsessionStateChangeMessage',
  notificationType: 'StatusChange',
  ...(referenceId === undefined ? {} : { referenceId }),
  smssession: { id: SESSION_ID, state, participants: [], capabilities: ['Complete'] },
});

const error = (referenceId: number | undefined, errorMessage = 'Request failed') => ({
  messageType: 'SMSsessionStateChangeMessage',
  notificationType: 'Error',
  errorMessage,
  ...(referenceId === undefined ? {} : { referenceId }),
  smssession: { id: SESSION_ID, state: 'Chatting' },
});

describe('upstreamIdentity', () => {
  it.each([
    ['new messages', newMessages(message(3), message(4))],
    ['a state change with a referenceId', stateChange('Chatting', 17)],
    ['a state change without one', stateChange('LeftChat')],
  ])(
    'is alike for every copy of %s, whatever stream it came in and however it was logged',
    (_what, notification) => {
      const original = project(notification, 'first');
      const copy = project(notification, 'second');
      const logged = JSON.parse(JSON.stringify(copy)) as SmsSessionEventModel;
      expect(upstreamIdentity(copy)).toBe(upstreamIdentity(original));
      expect(upstreamIdentity(logged)).toBe(upstreamIdentity(original));
    },
  );

  it('tells transcript entries apart by session and index, not by text', () => {
    const third = identity(newMessages(message(3)));
    expect(identity(newMessages(message(3, 'same index, said again')))).toBe(third);
    expect(identity(newMessages(message(4)))).not.toBe(third);
    expect(
      identity({ ...newMessages(message(3)), smssessionUri: 'http://gws/api/v2/smssessions/x' }),
    ).not.toBe(third);
  });

  it('takes a notification whose entries only partly match an earlier one for another', () => {
    const whole = identity(newMessages(message(1), message(2), message(3)));
    for (const part of [[message(3)], [message(1), message(3)], [message(2), message(3)]]) {
      expect(identity(newMessages(...part))).not.toBe(whole);
    }
  });

  it('tells state changes apart by type and referenceId, or by the session told without one', () => {
    const byReference = identity(stateChange('Chatting', 17));
    expect(identity(stateChange('LeftChat', 17))).toBe(byReference);
    expect(identity(stateChange('Chatting', 18))).not.toBe(byReference);
    expect(
      identity({ ...stateChange('Chatting', 17), notificationType: 'PropertiesUpdated' }),
    ).not.toBe(byReference);
    expect(identity(stateChange('Chatting'))).not.toBe(identity(stateChange('LeftChat')));
    expect(identity(stateChange('Chatting'))).not.toBe(byReference);
  });

  it('tells errors apart by the upstream HTTP session their referenceId counts in', () => {
    expect(identity(error(35), 'first')).toBe(identity(error(35, 'Another text'), 'first'));
    expect(identity(error(35), 'second')).not.toBe(identity(error(35), 'first'));
    expect(identity(error(36), 'first')).not.toBe(identity(error(35), 'first'));
    expect(identity(error(undefined, 'One'))).not.toBe(identity(error(undefined, 'Other')));
  });

  it('gives the gateway’s own snapshots none, so none is taken for a copy', () => {
    expect(upstreamIdentity(projector.snapshot({ id: SESSION_ID, state: 'Chatting' }))).toBe(
      undefined,
    );
  });
});
