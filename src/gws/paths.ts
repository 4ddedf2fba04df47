/**
 * The GWS API v2 paths the gateway calls, in one place; a variable segment only ever goes in
 * encoded, after it has been validated (see validate.ts).
 */

export const ME_PATH = '/api/v2/me';
export const SMS_SESSIONS_PATH = '/api/v2/me/smssessions';
export const CHANNELS_PATH = '/api/v2/me/channels';
/** The agent states a contact centre configures (seen in client code, reference §5.3, §7.1). */
export const AGENT_STATES_PATH = '/api/v2/settings/agent-states';
/** GWS's CometD endpoint, for the notification stream. */
export const NOTIFICATIONS_PATH = '/api/v2/notifications';

/** `/api/v2/me/smssessions/{id}`, for an id already validated. */
export function smsSessionPath(id: string): string {
  return `${SMS_SESSIONS_PATH}/${encodeURIComponent(id)}`;
}

/** `/api/v2/me/channels/{channel}`, for a channel name already validated. */
export function channelPath(channel: string): string {
  return `${CHANNELS_PATH}/${encodeURIComponent(channel)}`;
}

export const CONTACTS_PATH = '/api/v2/contacts';
export const QUEUES_PATH = '/api/v2/queues';
export const USERS_PATH = '/api/v2/users';

/** `/api/v2/{contacts|queues|users}/{id}`, for an id already validated. */
export function directoryEntryPath(
  collection: typeof CONTACTS_PATH | typeof QUEUES_PATH | typeof USERS_PATH,
  id: string,
): string {
  return `${collection}/${encodeURIComponent(id)}`;
}
