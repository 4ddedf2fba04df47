export { SERVICE_NAME, startTelemetry, tracingRequested, type Telemetry } from './sdk.js';
export {
  activeSpan,
  carriedAlong,
  carriedInActiveSpan,
  carrierOf,
  continuedTrace,
  detachedFromTrace,
  injectTrace,
  inSpan,
  spanFailed,
  tracingOn,
  withinTrace,
  type SpanSettings,
  type TraceCarrier,
  type TraceParent,
} from './spans.js';
