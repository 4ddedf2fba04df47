export type { StreamCoordinator, StreamMembership, StreamRoleHandlers } from './coordinator.js';
export {
  MemoryEventLog,
  type EventLog,
  type LogEntry,
  type LogRead,
  type MemoryEventLogOptions,
} from './event-log.js';
export {
  NotificationHub,
  type LoggedEvent,
  type FanoutObserver,
  type NotificationHubOptions,
  type SubscribeOptions,
} from './hub.js';
export type { HubSubscription } from './subscription.js';
