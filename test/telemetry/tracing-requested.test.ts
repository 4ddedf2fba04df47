import { tracingRequested } from '../../src/telemetry/index.js';

describe('tracingRequested: whether the OTEL_* variables ask for traces', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['nothing set', {}, false],
    ['an OTLP endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [
      'a traces endpoint',
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' },
      true,
    ],
    ['an exporter named', { OTEL_TRACES_EXPORTER: 'console' }, true],
    ['exporters named, spaced', { OTEL_TRACES_EXPORTER: ' otlp , console' }, true],
    [
      'exporter none, endpoint set',
      { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      false,
    ],
    ['an empty exporter list', { OTEL_TRACES_EXPORTER: ' , ' }, false],
    [
      'the SDK disabled',
      { OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      false,
    ],
    [
      'the SDK not disabled',
      { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      true,
    ],
    ['only a service name', { OTEL_SERVICE_NAME: 'desk' }, false],
    ['an empty endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, false],
  ])('%s', (_case, env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });
});
