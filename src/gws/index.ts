export { GwsClient, type GwsClientOptions } from './client.js';
export type { AgentSession } from './agent-session.js';
export { cancelledError, GwsError, type GwsErrorKind } from './errors.js';
export type {
  NotificationStream,
  NotificationStreamHandlers,
  NotificationStreamState,
  NotificationStreamTuning,
} from './notification-stream.js';
export { smsOperations } from './operations.js';
export { assertSessionId } from './validate.js';
export type * from './wire.js';
export { SMS_SESSIONS_CHANNEL } from './wire.js';
