import { ConfigError, loadConfig } from '../src/config.js';

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
      subscriberQueueCapacity: 256,
      upstreamStreamGraceMs: 5000,
      outcomeTimeoutMs: 10000,
      outcomeMaxTimeoutMs: 60000,
      outcomeQuietWindowMs: 1000,
      playground: true,
      logLevel: 'info',
    });
  });

  it('reads and normalises values', () => {
    const config = loadConfig({
      PORT: '8080',
      GWS_BASE_URL: 'http://gws.example.com:8090/',
      GWS_TIMEOUT_MS: '2500',
      LOG_LEVEL: 'debug',
    });
    expect(config.port).toBe(8080);
    expect(config.gwsBaseUrl).toBe('http://gws.example.com:8090');
    expect(config.gwsTimeoutMs).toBe(2500);
    expect(config.logLevel).toBe('debug');
  });

  it('serves the playground unless NODE_ENV=production, where PLAYGROUND=on turns it on', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).playground).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', PLAYGROUND: 'on' }).playground).toBe(true);
    expect(loadConfig({ PLAYGROUND: 'off' }).playground).toBe(false);
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

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['GWS_TIMEOUT_MS', '0'],
    ['GWS_TIMEOUT_MS', '1.5'],
    ['GWS_BASE_URL', 'gws.example.com'],
    ['GWS_BASE_URL', 'ftp://gws.example.com'],
    ['GWS_BASE_URL', 'http://user:secret@gws.example.com'],
    ['LOG_LEVEL', 'loud'],
    ['PLAYGROUND', 'yes'],
    ['GWS_MAX_SOCKETS', '0'],
    ['GWS_KEEPALIVE_IDLE_MS', '10'],
    ['HTTP_HEADERS_TIMEOUT_MS', 'soon'],
    ['HTTP_REQUEST_TIMEOUT_MS', '999'],
    ['SHUTDOWN_GRACE_MS', '-5'],
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
