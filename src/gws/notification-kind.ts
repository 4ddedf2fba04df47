import type { WireSmsNotification } from './wire.js';

/**
 * Which CometD messages are SMS session notifications, told by their content alone: GWS documents
 * no SMS topic, and says to read `data` (reference §4.2, §4.3). Chat, device and every other medium
 * share the wildcard subscription and some of its messageTypes (chat's transcript is also
 * `MessageLogUpdated`), so what makes a notification an SMS one is a key only SMS notifications
 * carry, whatever its messageType says (the Accept sample's is `"test_accept "`).
 *
 * An Error may also come bare, as the CancelConsult page's sample shows it:
 * `{notificationType, errorMessage, referenceId}`, naming no resource (§2.4 C, §7.1). Such an Error
 * is about the request its referenceId numbers, which only the agent's upstream session can tell.
 */

/** What a CometD message's `data` is to the gateway. */
export type NotificationKind =
  /** An SMS session notification. */
  | 'sms'
  /** The agent's state on channels changed (ChannelStateChangeMessageV2). */
  | 'channelState'
  /** An Error naming no resource: SMS only if its referenceId is an SMS operation's. */
  | 'bareError'
  /** Another medium's, or nothing the gateway reads. */
  | 'other';

/** Keys only SMS notifications carry, with the documentation's single-s spellings (§6.9). */
const SMS_SESSION_KEYS = [
  'smssession',
  'smssessionUri',
  'smssessionPath',
  'smsession',
  'smsessionUri',
  'smsessionPath',
] as const;

/** The messageTypes of SMS session notifications (§2.4); an Error may carry one or none. */
const SMS_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'SMSsessionStateChangeMessage',
  'MessageLogUpdated',
]);

/** A key that names a resource: another medium's (`chat`, `callUri`, …) if not an SMS key. */
const RESOURCE_KEY = /(Uri|Path|uri|path)$/;

export function notificationKind(data: unknown): NotificationKind {
  if (!isObject(data)) return 'other';
  if (SMS_SESSION_KEYS.some((key) => data[key] !== undefined && data[key] !== null)) return 'sms';
  if (isChannelState(data)) return 'channelState';
  return isBareError(data) ? 'bareError' : 'other';
}

/**
 * Only client code shows the agent's channel notifications: `ChannelStateChangeMessageV2` with
 * `channels[{channel, userState}]` (§4.2, §7.1). Told by a messageType of that family, whatever
 * its version suffix, or, without a messageType, by a channels list whose entries carry a
 * userState, as `GET /api/v2/me/channels` answers.
 */
function isChannelState(data: Record<string, unknown>): boolean {
  const { messageType, channels } = data;
  if (!Array.isArray(channels)) return false;
  if (typeof messageType === 'string') return messageType.startsWith('ChannelStateChange');
  return (
    messageType === undefined &&
    channels.length > 0 &&
    channels.every((entry) => isObject(entry) && isObject(entry.userState))
  );
}

/** Whether `data` is an SMS session notification, whatever its channel. */
export function isSmsSessionNotification(data: unknown): data is WireSmsNotification {
  return notificationKind(data) === 'sms';
}

/**
 * An Error with a referenceId and no resource: no object or list (`chat`, `devices`), no resource
 * address, and no messageType of another medium.
 */
function isBareError(data: Record<string, unknown>): boolean {
  if (data.notificationType !== 'Error' || !Number.isSafeInteger(data.referenceId)) return false;
  const { messageType } = data;
  if (messageType !== undefined && !(typeof messageType === 'string' && isSmsType(messageType))) {
    return false;
  }
  for (const key in data) {
    const value = data[key];
    if (typeof value === 'object' && value !== null) return false;
    if (RESOURCE_KEY.test(key) || key === 'id') return false;
  }
  return true;
}

function isSmsType(messageType: string): boolean {
  return SMS_MESSAGE_TYPES.has(messageType);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
