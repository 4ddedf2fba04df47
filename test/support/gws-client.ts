import type { GwsClientOptions } from '../../src/gws/index.js';

/**
 * The settings every GwsClient a test builds is given beside its peer, timeouts and pacing: those
 * the gateway passes from its configuration, at values of the same scale.
 */
export const TEST_GWS_CLIENT_SETTINGS = {
  maxSockets: 64,
  // Below the 5 s keep-alive timeout of the test peers' node:http servers, as below GWS's.
  keepAliveIdleMs: 4_000,
  notificationChannels: ['/v2/me/*'],
  signIn: {
    maxUnknownAttempts: 3,
    maxUnknownAttemptsPerUser: 10,
    windowMs: 5 * 60_000,
    refusedTtlMs: 60_000,
  },
} satisfies Partial<GwsClientOptions>;
