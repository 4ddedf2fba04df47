export { GwsClient, type GwsClientOptions } from './client.js';
export type { AgentSession } from './agent-session.js';
export { GwsError, type GwsErrorKind } from './errors.js';
export type {
  NotificationStream,
  NotificationStreamHandlers,
  NotificationStreamState,
  NotificationStreamTuning,
} from './notification-stream.js';
export { operationRequests } from './operations.js';
export { assertChannelName, assertSessionId } from './validate.js';
export type * from './wire.js';
