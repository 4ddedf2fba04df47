export {
  createContext,
  type Caller,
  type Context,
  type ContextDependencies,
  type OutcomeSettings,
} from './context.js';
export type { ExecutionBudgetLimits } from './budget.js';
export { DocumentCache } from './document-cache.js';
export { DirectoryCache, type DirectoryCacheOptions } from './directory.js';
export {
  ErrorCode,
  SIGN_IN_THROTTLED_REASON,
  formatError,
  refusalReason,
  retryAfterSeconds,
} from './errors.js';
export { refuseSubscriptionOverHttp } from './http-subscriptions.js';
export { limitRules, parseOptions, type OperationLimits } from './limits.js';
export { WireMapper } from './model.js';
export {
  MemoryRateLimitStore,
  RateLimiter,
  type RateDecision,
  type RateLimitStore,
} from './rate-limit.js';
export {
  AGENT_CHANNELS_TOPIC,
  EventProjector,
  upstreamIdentity,
  type AgentChannelEventModel,
  type AgentEventModel,
  type SmsSessionEventModel,
} from './events.js';
export { heldAgentEvents } from './held-events.js';
export { createSchema } from './schema.js';
export {
  TrustedDocuments,
  TrustedDocumentsError,
  type TrustedDocument,
} from './trusted-documents.js';
export { gwsUpstream } from './gws-upstream.js';
