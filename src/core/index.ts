export { Admission, type OperationAdmission, type StreamAdmission } from './admission.js';
export { Agents, type AgentStats, type SubscriptionLost } from './agents.js';
export { createCore, type GatewayCore } from './core.js';
export type { OperationRequest, PreparedOperation } from './documents.js';
export { componentOptions, type ComponentOptions, type CoreOptions } from './options.js';
export { refusal, type Refusal, type RefusalKind } from './refusals.js';
export { RequestMetrics, type OperationRef, type Transport } from './request-metrics.js';
