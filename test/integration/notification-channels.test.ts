import { basic, startStack, type Stack } from '../support/stack.js';
import { allReceiving, hasText, Subscriber } from '../support/subscriber.js';

const SEED_SESSION = '0000Na9B26EF006E';
const CHAT_URI = 'http://gws.example.com/api/v2/chats/00011aBC7766001F';

/** Notifications of other media, as GWS's message-type pages show them. */
const OTHER_MEDIA: [channel: string, data: Record<string, unknown>][] = [
  [
    '/v2/me/devices',
    {
      messageType: 'DeviceStateChangeMessage',
      devices: [{ id: 'd1', deviceState: 'Active', userState: { state: 'Ready' } }],
    },
  ],
  [
    '/v2/me/chats',
    {
      messageType: 'ChatStateChangeMessage',
      notificationType: 'StatusChange',
      chat: { id: '00011aBC7766001F', state: 'Invited', capabilities: ['Accept', 'Reject'] },
    },
  ],
  [
    '/v2/me/chats',
    {
      messageType: 'MessageLogUpdated',
      notificationType: 'NewMessages',
      chatUri: CHAT_URI,
      messages: [{ index: 1, type: 'Text', text: 'a chat line', visibility: 'All' }],
    },
  ],
];

let stack: Stack;
const subscribers: Subscriber[] = [];

function subscribe(userName: string): Subscriber {
  const subscriber = new Subscriber(stack.url, basic(userName));
  subscribers.push(subscriber);
  return subscriber;
}

afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.dispose()));
  await stack.close();
});

describe('notifications recognised by content', () => {
  it('SMS notifications on a channel other than /v2/me/smssessions reach subscribers; device and chat ones do not and break nothing', async () => {
    stack = await startStack({ simulator: { smsChannel: '/v2/me/sms' } });
    const watcher = subscribe('testname');
    await allReceiving(stack.simulator, SEED_SESSION, watcher);
    const before = watcher.events.length;

    for (const [channel, data] of OTHER_MEDIA) {
      // Delivered: the gateway's /v2/me/* subscription covers these channels.
      expect(stack.simulator.publishNotification('testname', channel, data)).toBe(1);
    }
    stack.simulator.sendCustomerMessage(SEED_SESSION, 'after the other media');
    await watcher.waitFor(hasText('after the other media'));

    // CometD keeps each client's order: the other media came first and were passed over.
    expect(watcher.events.slice(before)).toEqual([
      expect.objectContaining({ __typename: 'SmsMessagesAdded', sessionId: SEED_SESSION }),
    ]);
    expect(watcher.errors).toEqual([]);
    expect(watcher.closeCode).toBeUndefined();
    expect(stack.simulator.notificationStats().testname?.handshakes).toBe(1);
  });

  it('follows GWS_NOTIFICATION_CHANNELS to wherever GWS publishes SMS notifications', async () => {
    stack = await startStack({
      env: { GWS_NOTIFICATION_CHANNELS: '/v2/me/devices,/v2/sms/**' },
      simulator: { smsChannel: '/v2/sms/sessions' },
    });
    const watcher = subscribe('testname');
    await allReceiving(stack.simulator, SEED_SESSION, watcher);
    expect(stack.simulator.notificationStats().testname?.subscriptions).toBe(2);
    // Not subscribed: the gateway does not hear of chats at all.
    expect(
      stack.simulator.publishNotification('testname', '/v2/me/chats', OTHER_MEDIA[1]![1]),
    ).toBe(0);
    expect(
      stack.simulator.publishNotification('testname', '/v2/me/devices', OTHER_MEDIA[0]![1]),
    ).toBe(1);
  });
});
