import { ConfigError, loadConfig } from '../src/config/index.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '0.0.0.0',
      gwsBaseUrl: undefined,
      gwsTimeoutMs: 10000,
      gwsSessionIdleTtlMs: 900000,
      gwsMaxAgentSessions: 10000,
      gwsMaxSockets: 64,
      gwsKeepAliveIdleMs: 4000,
      httpHeadersTimeoutMs: 10000,
      httpRequestTimeoutMs: 30000,
      shutdownGraceMs: 10000,
      maxRequestBytes: 1048576,
      wsConnectionInitTimeoutMs: 3000,
      wsKeepAliveMs: 12000,
      wsMaxSubscriptionsPerConnection: 20,
      multipartHeartbeatMs: 5000,
      maxStreamsPerAgent: 32,
      subscriberQueueCapacity: 256,
      subscriberCatchUpMs: 10000,
      upstreamStreamGraceMs: 5000,
      outcomeTimeoutMs: 10000,
      outcomeMaxTimeoutMs: 60000,
      outcomeQuietWindowMs: 1000,
      playground: true,
      production: false,
      introspection: true,
      maxQueryDepth: 8,
      maxAliases: 15,
      maxRootFields: 10,
      maxMutationsPerRequest: 2,
      maxDirectives: 10,
      maxTokens: 2000,
      maxUpstreamCallsPerOperation: 50,
      maxResponseBytes: 8388608,
      directoryCacheTtlMs: 5000,
      directoryCacheMaxBytes: 33554432,
      rateLimitPerMinute: 600,
      signInMaxUnknownAttempts: 3,
      signInMaxAttemptsPerUser: 10,
      signInWindowMs: 300000,
      signInRefusedTtlMs: 60000,
      trustProxy: 0,
      metrics: true,
      logLevel: 'info',
      eventLogSize: 200,
      eventLogMaxAgents: 1000,
      eventLogMaxAgeMs: 600000,
      gwsNotificationChannels: ['/v2/me/*'],
      corsOrigins: [],
      corsAllowedHeaders: [],
      publicUrl: undefined,
      trustedDocuments: undefined,
      redisUrl: undefined,
      clusterSecret: undefined,
      clusterLeaseTtlMs: 10000,
    });
  });

  it('reads CORS_ORIGINS as a list of origins', () => {
    expect(
      loadConfig({
        CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/,https://app.example.com',
      }).corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it.each([
    '*',
    'app.example.com',
    'https://app.example.com/path',
    'ftp://app.example.com',
    'https://app.example.com,',
  ])('refuses CORS_ORIGINS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(
      /^CORS_ORIGINS must be a comma-separated list of origins/,
    );
  });

  it('reads CORS_ALLOWED_HEADERS as lowercased header names', () => {
    expect(
      loadConfig({ CORS_ALLOWED_HEADERS: 'X-Request-Id, baggage,x-request-id' }).corsAllowedHeaders,
    ).toEqual(['x-request-id', 'baggage']);
  });

  it.each(['x-request id', 'x-a:b', Array.from({ length: 33 }, (_, i) => `x-h${i}`).join(',')])(
    'refuses CORS_ALLOWED_HEADERS=%s, naming the variable',
    (value) => {
      expect(() => loadConfig({ CORS_ALLOWED_HEADERS: value })).toThrow(/^CORS_ALLOWED_HEADERS /);
    },
  );

  const SECRET = 'k'.repeat(32);

  it('runs in cluster mode with REDIS_URL and a CLUSTER_SECRET', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://:pw@redis.example.com:6380/3',
      CLUSTER_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      redisUrl: 'rediss://:pw@redis.example.com:6380/3',
      clusterSecret: SECRET,
    });
  });

  it.each([undefined, 'short'])(
    'refuses REDIS_URL without a CLUSTER_SECRET of 32 characters (%j)',
    (secret) => {
      expect(() =>
        loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', CLUSTER_SECRET: secret }),
      ).toThrow(/^CLUSTER_SECRET must be set to at least 32 random characters/);
    },
  );

  it.each([
    'redis.example.com:6379',
    'http://redis.example.com',
    'redis://:secret@redis.example.com/16',
    'redis://:secret@redis.example.com/db',
    'redis://redis.example.com?password=secret',
  ])('refuses REDIS_URL=%s without repeating it', (value) => {
    let thrown: unknown;
    try {
      loadConfig({ REDIS_URL: value, CLUSTER_SECRET: SECRET });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(/^REDIS_URL must /);
    expect((thrown as ConfigError).message).not.toMatch(/secret/);
  });

  it('reads GWS_NOTIFICATION_CHANNELS as a list of CometD channels', () => {
    expect(
      loadConfig({ GWS_NOTIFICATION_CHANNELS: ' /v2/me/* , /v2/me/sms/**,/v2/me/*' })
        .gwsNotificationChannels,
    ).toEqual(['/v2/me/*', '/v2/me/sms/**']);
    expect(loadConfig({ GWS_NOTIFICATION_CHANNELS: '/**' }).gwsNotificationChannels).toEqual([
      '/**',
    ]);
  });

  it.each([
    'v2/me',
    '/v2/me/*/x',
    '/meta/connect',
    '/service/x',
    '/v2/me/ *',
    '/v2/me,',
    '/v2//me',
  ])('refuses GWS_NOTIFICATION_CHANNELS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ GWS_NOTIFICATION_CHANNELS: value })).toThrow(
      /^GWS_NOTIFICATION_CHANNELS must be a comma-separated list of CometD channels/,
    );
  });

  it('reads and normalises values', () => {
    const config = loadConfig({
      PORT: '8080',
      GWS_BASE_URL: 'http://gws.example.com:8090/',
      GWS_TIMEOUT_MS: '2500',
      LOG_LEVEL: 'debug',
      PUBLIC_URL: 'https://gateway.example.com/',
    });
    expect(config.port).toBe(8080);
    expect(config.gwsBaseUrl).toBe('http://gws.example.com:8090');
    expect(config.publicUrl).toBe('https://gateway.example.com');
    expect(config.gwsTimeoutMs).toBe(2500);
    expect(config.logLevel).toBe('debug');
  });

  const PRODUCTION = { NODE_ENV: 'production', GWS_BASE_URL: 'http://gws.example.com:8090' };

  it('serves the playground unless NODE_ENV=production, where PLAYGROUND=on turns it on', () => {
    expect(loadConfig(PRODUCTION).playground).toBe(false);
    expect(loadConfig({ ...PRODUCTION, PLAYGROUND: 'on' }).playground).toBe(true);
    expect(loadConfig({ PLAYGROUND: 'off' }).playground).toBe(false);
  });

  it('answers introspection unless NODE_ENV=production, where INTROSPECTION=on turns it on', () => {
    expect(loadConfig(PRODUCTION).introspection).toBe(false);
    expect(loadConfig({ ...PRODUCTION, INTROSPECTION: 'on' }).introspection).toBe(true);
    expect(loadConfig({ INTROSPECTION: 'off' }).introspection).toBe(false);
  });

  it('requires GWS_BASE_URL under NODE_ENV=production: no simulator there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('GWS_BASE_URL', 'is required when NODE_ENV=production.'),
    );
  });

  it('refuses a default outcome timeout above the maximum', () => {
    expect(() => loadConfig({ OUTCOME_TIMEOUT_MS: '90000' })).toThrow(
      /^OUTCOME_TIMEOUT_MS must not exceed OUTCOME_MAX_TIMEOUT_MS \(60000\)/,
    );
  });

  it('refuses a headers timeout above the request timeout', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /^HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS \(30000\)/,
    );
  });

  it('refuses more sign-in attempts per client address than per user name', () => {
    expect(() =>
      loadConfig({ SIGN_IN_MAX_UNKNOWN_ATTEMPTS: '5', SIGN_IN_MAX_ATTEMPTS_PER_USER: '4' }),
    ).toThrow(/^SIGN_IN_MAX_UNKNOWN_ATTEMPTS must not exceed SIGN_IN_MAX_ATTEMPTS_PER_USER \(4\)/);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['GWS_TIMEOUT_MS', '0'],
    ['GWS_TIMEOUT_MS', '1.5'],
    ['GWS_BASE_URL', 'gws.example.com'],
    ['GWS_BASE_URL', 'ftp://gws.example.com'],
    ['GWS_BASE_URL', 'http://user:secret@gws.example.com'],
    ['PUBLIC_URL', 'gateway.example.com'],
    ['PUBLIC_URL', 'ws://gateway.example.com'],
    ['PUBLIC_URL', 'https://gateway.example.com/?x=1'],
    ['LOG_LEVEL', 'loud'],
    ['PLAYGROUND', 'yes'],
    ['EVENT_LOG_SIZE', '-1'],
    ['EVENT_LOG_MAX_AGENTS', '0'],
    ['EVENT_LOG_MAX_AGE_MS', 'soon'],
    ['INTROSPECTION', 'true'],
    ['MAX_ALIASES', '-1'],
    ['MAX_MUTATIONS_PER_REQUEST', '0'],
    ['MAX_RESPONSE_BYTES', '10'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['SIGN_IN_MAX_UNKNOWN_ATTEMPTS', 'many'],
    ['SIGN_IN_MAX_ATTEMPTS_PER_USER', '0'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '11'],
    ['GWS_MAX_SOCKETS', '0'],
    ['GWS_KEEPALIVE_IDLE_MS', '10'],
    ['HTTP_HEADERS_TIMEOUT_MS', 'soon'],
    ['HTTP_REQUEST_TIMEOUT_MS', '999'],
    ['SHUTDOWN_GRACE_MS', '-5'],
    ['MAX_STREAMS_PER_AGENT', '0'],
    ['CLUSTER_LEASE_TTL_MS', '500'],
    ['SUBSCRIBER_CATCH_UP_MS', '50'],
  ])('names %s when it is %j', (variable, value) => {
    let thrown: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as ConfigError).message).toMatch(new RegExp(`^${variable} `));
    expect((thrown as ConfigError).message).not.toMatch(/secret/);
  });
});
