export type { Context } from './context.js';
export { ErrorCode } from './errors.js';
export { refuseSubscriptionsOverHttp } from './http-subscriptions.js';
export {
  GraphQLService,
  type ConnectionAuthentication,
  type GraphQLServiceOptions,
} from './service.js';
