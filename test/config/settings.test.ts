import { ConfigError, loadConfig, SETTINGS } from '../../src/config/index.js';

const settings = Object.entries(SETTINGS);

describe('the settings table', () => {
  it('names each variable once', () => {
    const variables = settings.map(([, setting]) => setting.variable);
    expect(new Set(variables).size).toBe(variables.length);
  });

  it.each(settings)(
    'gives %s a default its own variable accepts, in either mode',
    (key, setting) => {
      for (const mode of ['standard', 'production'] as const) {
        const fallback: unknown = setting.fallback(mode);
        const shown = (setting.show as (value: unknown) => string | undefined)(fallback);
        if (shown !== undefined) expect(setting.parse(shown)).toEqual(fallback);
        // What the table says is what loadConfig reads with the variable unset.
        const env: Record<string, string> = mode === 'production' ? PRODUCTION : {};
        if (env[setting.variable] === undefined) {
          expect(loadConfig(env)[key as keyof typeof SETTINGS]).toEqual(fallback);
        }
      }
    },
  );

  it('hands out a fresh default list each time, so no caller can change another’s', () => {
    const first = loadConfig({});
    first.gwsNotificationChannels.push('/v2/other');
    first.corsOrigins.push('https://app.example.com');
    expect(loadConfig({})).toMatchObject({
      gwsNotificationChannels: ['/v2/me/*'],
      corsOrigins: [],
    });
  });

  it('reads a blank variable as unset', () => {
    expect(loadConfig({ PORT: '  ', GWS_BASE_URL: '' })).toMatchObject({
      port: 4000,
      gwsBaseUrl: undefined,
    });
  });

  it('reports the first rule broken, in the order the rules are listed', () => {
    let thrown: unknown;
    try {
      loadConfig({ OUTCOME_TIMEOUT_MS: '90000', HTTP_HEADERS_TIMEOUT_MS: '40000' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe('OUTCOME_TIMEOUT_MS');
  });
});

const PRODUCTION = { NODE_ENV: 'production', GWS_BASE_URL: 'http://gws.example.com:8090' };
