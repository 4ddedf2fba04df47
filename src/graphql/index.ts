export type { Context } from './context.js';
export { ErrorCode } from './errors.js';
export { refuseSubscriptionsOverHttp } from './http-subscriptions.js';
export {
  GraphQLService,
  type ConnectionAuthentication,
  type GraphQLServiceOptions,
  type SubscriptionLoss,
} from './service.js';
