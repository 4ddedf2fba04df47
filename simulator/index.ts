/**
 * The embedded GWS simulator: GWS API v2 SMS Session REST with Basic auth, JSESSIONID and CSRF,
 * CometD notifications at /api/v2/notifications, demo agents, seeded sessions and an optional
 * demo scenario, plus a control API under /simulator/ for tests and demos.
 */
export {
  MAX_RESPONSE_DELAY_MS,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from './simulator.js';
export { SimulatorControlError, type SessionOffer } from './contact-centre.js';
export {
  DEFAULT_DIALECT,
  InvalidDialectError,
  OPPOSITE_DIALECT,
  type GwsDialect,
} from './dialect.js';
export { DEMO_CONTACTS, DEMO_QUEUES, MAX_LOAD_AGENTS, type DemoAgent } from './directory.js';
export type { AgentNotificationStats, NotificationStats } from './notifications.js';
export type { RecordedRequest } from './request-log.js';
export { SEED_SESSION_IDS } from './seed.js';
export { demoPlayground, type DemoPlayground } from './playground-demo.js';
