import type { WireSmsNotification } from './wire.js';

/**
 * Which CometD messages are SMS session notifications, told by their content alone: GWS documents
 * no SMS topic, and says to read `data.messageType` (reference §4.2, §4.3). Chat, device and every
 * other medium share the wildcard subscription and some of these messageTypes (chat's transcript
 * is also `MessageLogUpdated`), so an SMS notification must also carry an SMS session key.
 */

/** The messageTypes of SMS session notifications (reference §2.4). */
const SMS_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'SMSsessionStateChangeMessage',
  'MessageLogUpdated',
]);

/** Keys only SMS notifications carry, with the documentation's single-s spellings (§6.9). */
const SMS_SESSION_KEYS = [
  'smssession',
  'smssessionUri',
  'smssessionPath',
  'smsession',
  'smsessionUri',
  'smsessionPath',
] as const;

/** Whether a CometD message's `data` is an SMS session notification, whatever its channel. */
export function isSmsSessionNotification(data: unknown): data is WireSmsNotification {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const fields = data as Record<string, unknown>;
  const { messageType } = fields;
  if (typeof messageType !== 'string' || !SMS_MESSAGE_TYPES.has(messageType)) return false;
  return SMS_SESSION_KEYS.some((key) => fields[key] !== undefined && fields[key] !== null);
}
