export type { Caller, Context } from './context.js';
export { DocumentCache } from './document-cache.js';
export { ErrorCode, SIGN_IN_THROTTLED_REASON, refusalReason, retryAfterSeconds } from './errors.js';
export { applyHttpExecutionLimits } from './http-limits.js';
export { refuseSubscriptionOverHttp } from './http-subscriptions.js';
export type { OperationLimits } from './limits.js';
export { MemoryRateLimitStore, type RateDecision, type RateLimitStore } from './rate-limit.js';
export type { SmsSessionEventModel } from './events.js';
export {
  GraphQLService,
  type ConnectionAuthentication,
  type GraphQLServiceOptions,
  type ServiceObserver,
  type SubscriptionLoss,
} from './service.js';
export {
  TrustedDocuments,
  TrustedDocumentsError,
  type TrustedDocument,
} from './trusted-documents.js';
