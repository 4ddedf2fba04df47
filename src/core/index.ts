export type { Admission } from './admission.js';
export type { Agents, AgentStats } from './agents.js';
export type { GroupPayload, PayloadEncoding } from './broadcast.js';
export { createCore, type GatewayCore } from './core.js';
export { isEventSource, type Delivery, type DeliverySink, type EventSource } from './delivery.js';
export type { Documents, OperationRequest } from './documents.js';
export { componentOptions, type ComponentOptions } from './options.js';
export {
  executeTraced,
  operationIdentified,
  operationSettled,
  traceOperation,
} from './operation-spans.js';
export {
  answerRefusal,
  CREDENTIALS_CHALLENGE,
  refusal,
  type Refusal,
  type RefusalKind,
} from './refusals.js';
export type { OperationRef, RequestMetrics, Transport } from './request-metrics.js';
export type { Results } from './results.js';
export type { Subscriptions } from './subscriptions.js';
