import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';

/**
 * Spans through the global `@opentelemetry/api`, the standard way for code that must not know
 * who exports them. Until {@link startTelemetry} has started the SDK every helper here is a
 * pass-through: no span object, no context switch, no header, so tracing off costs a branch.
 */

/** The tracer once tracing is on; undefined while it is off. */
let tracer: Tracer | undefined;

/** Called by the SDK's start and shutdown only. */
export function setTracing(on: Tracer | undefined): void {
  tracer = on;
}

/** Whether spans are recorded. */
export function tracingOn(): boolean {
  return tracer !== undefined;
}

/** Where a span belongs: under a trace a client continued, or the start of a trace of its own. */
export type TraceParent = Context;

/**
 * Headers or a WebSocket `connection_init` payload: names are matched case-insensitively, as a
 * payload's keys are the client's choice.
 */
export type TraceCarrier = Readonly<Record<string, unknown>>;

const CARRIER: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const exact = carrier[key];
    const value =
      exact ??
      Object.entries(carrier).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
    if (typeof value === 'string') return value;
    return Array.isArray(value) && value.every((item) => typeof item === 'string')
      ? (value as string[])
      : undefined;
  },
};

/**
 * The trace the carrier continues (its `traceparent`, by the configured propagators), or
 * undefined when tracing is off or it carries none.
 */
export function continuedTrace(carrier: TraceCarrier | undefined): TraceParent | undefined {
  if (!tracer || !carrier) return undefined;
  const continued = propagation.extract(ROOT_CONTEXT, carrier, CARRIER);
  return trace.getSpanContext(continued) ? continued : undefined;
}

/** Runs `run` with `parent` as the active trace: what it starts are spans of that trace. */
export function withinTrace<T>(parent: TraceParent | undefined, run: () => T): T {
  return parent ? context.with(parent, run) : run();
}

/**
 * Runs `run` outside whatever trace is active: for work that outlives the operation that
 * started it (an agent's notification stream), whose spans must not join that operation's trace.
 */
export function detachedFromTrace<T>(run: () => T): T {
  return tracer ? context.with(ROOT_CONTEXT, run) : run();
}

export type SpanRole = 'server' | 'client' | 'internal' | 'consumer';

const KINDS: Readonly<Record<SpanRole, SpanKind>> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  internal: SpanKind.INTERNAL,
  consumer: SpanKind.CONSUMER,
};

export interface SpanSettings {
  role: SpanRole;
  attributes?: Attributes;
  /** The span's parent; default the active trace; `none`: the span starts a trace of its own. */
  parent?: TraceParent | 'none' | undefined;
  /** Spans this one follows from without being their child. */
  links?: readonly SpanContext[] | undefined;
}

/**
 * Runs `run` in a new span that is active while it runs and ends when it returns or settles;
 * a throw or rejection marks the span failed (by the error's name only: messages may carry what
 * a client sent). With tracing off `run` is called as it is, with no span.
 */
export function inSpan<T>(name: string, settings: SpanSettings, run: (span?: Span) => T): T {
  if (!tracer) return run();
  const parent = settings.parent === 'none' ? ROOT_CONTEXT : (settings.parent ?? context.active());
  const span = tracer.startSpan(
    name,
    {
      kind: KINDS[settings.role],
      attributes: settings.attributes,
      links: settings.links?.map((linked) => ({ context: linked })),
    },
    parent,
  );
  const failed = (error: unknown): never => {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorName(error) });
    span.end();
    throw error;
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), run, undefined, span);
  } catch (error) {
    return failed(error);
  }
  if (isPromise(result)) {
    return result.then((value) => {
      span.end();
      return value;
    }, failed) as T;
  }
  span.end();
  return result;
}

/** The span of the active trace, where there is one and tracing is on. */
export function activeSpan(): Span | undefined {
  return tracer ? trace.getActiveSpan() : undefined;
}

/** Marks a span failed, with a short reason that carries nothing a client sent. */
export function spanFailed(span: Span | undefined, reason: string): void {
  span?.setStatus({ code: SpanStatusCode.ERROR, message: reason });
}

/** Adds the active trace's `traceparent` (by the configured propagators) to outgoing headers. */
export function injectTrace(headers: Record<string, string>): void {
  if (tracer) propagation.inject(context.active(), headers);
}

/**
 * Which span carried an object into the gateway (a notification, the events made of it): weak,
 * so an entry lives exactly as long as its object.
 */
const carriers = new WeakMap<object, SpanContext>();

/** Notes the active span as the one that carried these objects in. */
export function carriedInActiveSpan(objects: readonly object[]): void {
  if (!tracer || objects.length === 0) return;
  const carrier = trace.getActiveSpan()?.spanContext();
  if (!carrier) return;
  for (const object of objects) carriers.set(object, carrier);
}

/** What was made of `from` was carried in by the same span. */
export function carriedAlong(from: unknown, made: readonly unknown[]): void {
  if (!tracer || !isObject(from)) return;
  const carrier = carriers.get(from);
  if (carrier) for (const object of made) if (isObject(object)) carriers.set(object, carrier);
}

/** The span that carried the object in, as a link for the spans that act on it. */
export function carrierOf(object: unknown): SpanContext | undefined {
  return tracer && isObject(object) ? carriers.get(object) : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function isPromise<T>(value: T): value is T & Promise<Awaited<T>> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
