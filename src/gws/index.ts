export {
  GwsClient,
  SIGN_IN_ACCEPTED_TTL_MS,
  type AgentIdentity,
  type GwsClientOptions,
  type SignInSettings,
} from './client.js';
export type { AgentSession } from './agent-session.js';
export {
  isUnusable,
  readAgentStateSetting,
  type AgentStateSetting,
  type UnusableSetting,
} from './agent-states.js';
export type { SmsOperationReply } from './sms-operations.js';
export { PARTIAL_SUCCESS } from './answers.js';
export { canonicalCapability } from './dialect.js';
export type { SharedValues } from './shared-session.js';
export { cancelledError, GwsError, type GwsErrorKind } from './errors.js';
export { ExpiringMap } from './expiring-map.js';
export type {
  NotificationStream,
  NotificationStreamHandlers,
  NotificationStreamState,
  NotificationStreamTuning,
} from './notification-stream.js';
export type { UpstreamObserver } from './observer.js';
export { operationRequests } from './operations.js';
export {
  signInRefusedError,
  signInThrottledError,
  type SharedSignInStore,
  type SignInGuardOptions,
} from './sign-in-guard.js';
export { assertChannelName, assertSessionId } from './validate.js';
export {
  assertDirectoryId,
  isListableName,
  MAX_CONTACTS_OFFSET,
  MAX_CONTACTS_PAGE,
  MAX_NAMES,
  type ContactPage,
  type ContactQuery,
} from './directory.js';
export type * from './wire.js';
