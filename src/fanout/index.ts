export type { StreamCoordinator, StreamMembership, StreamRoleHandlers } from './coordinator.js';
export {
  MemoryEventLog,
  type EventLog,
  type HeldForm,
  type LogEntry,
  type LoggedEvent,
  type LogRead,
  type MemoryEventLogOptions,
} from './event-log.js';
export type { FanoutObserver, RoutedEvent, SubscribeOptions } from './fan-out.js';
export { NotificationHub, type HubStats, type NotificationHubOptions } from './hub.js';
export type { HubSubscription } from './subscription.js';
export type {
  AgentRef,
  AgentStream,
  AgentStreamHandlers,
  AgentStreamState,
  AgentUpstream,
  SnapshotRead,
  UpstreamFailure,
} from './upstream.js';
