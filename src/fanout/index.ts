export {
  NotificationHub,
  type FanoutObserver,
  type NotificationHubOptions,
  type SubscribeOptions,
} from './hub.js';
export type { HubSubscription } from './subscription.js';
