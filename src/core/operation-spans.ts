import {
  getOperationAST,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { Span } from '@opentelemetry/api';
import { activeSpan, carrierOf, inSpan, spanFailed, type TraceParent } from '../telemetry/index.js';
import type { Transport } from './request-metrics.js';

/**
 * The one place that says what a GraphQL operation's span is: a server span per operation on
 * every transport, named by its type and name (`query Desk`, `mutation Invite`), a child of the
 * trace the client sent; and a span per subscription event executed for a group, which starts a
 * trace of its own and links to the CometD exchange that carried the event's notification.
 * Nothing a client sent is recorded but the operation's name.
 */

/** An operation's span name until its document is read. */
const UNREAD = 'graphql.operation';

/** What an execution comes to: a result, or (a subscription's subscribe) its event source. */
type Outcome = ExecutionResult | object;

/**
 * Runs an operation whose document is read inside `run` (Apollo Server's): its span is named by
 * {@link operationIdentified} and settled by {@link operationSettled}, both called inside `run`.
 */
export function traceOperation<T>(
  transport: Transport,
  parent: TraceParent | undefined,
  run: () => Promise<T>,
): Promise<T> {
  const attributes = { 'graphql.transport': transport };
  return inSpan(UNREAD, { role: 'server', parent, attributes }, run);
}

/** The active operation span is that of this operation. */
export function operationIdentified(
  document: DocumentNode,
  operationName: string | null | undefined,
): void {
  const span = activeSpan();
  if (span) nameSpan(span, document, operationName, '');
}

/** The active operation span's operation was answered with these errors (or none). */
export function operationSettled(errors: readonly GraphQLFormattedError[] | undefined): void {
  const span = activeSpan();
  if (span) settleSpan(span, errors);
}

/**
 * Runs an operation whose document is read already (graphql-ws's, graphql-sse's) in its span:
 * a query's or mutation's execution, or a subscription's subscribe (its events have spans of
 * their own).
 */
export function executeTraced<T extends Outcome>(
  transport: Transport,
  args: ExecutionArgs,
  run: () => T | Promise<T>,
): T | Promise<T> {
  return inSpan(
    UNREAD,
    { role: 'server', attributes: { 'graphql.transport': transport } },
    (span) => executed(span, args, '', run),
  );
}

/** Runs one subscription event's execution for a group in its span. */
export function executeEventTraced(
  event: object,
  args: ExecutionArgs,
  run: () => ExecutionResult | Promise<ExecutionResult>,
): ExecutionResult | Promise<ExecutionResult> {
  const carrier = carrierOf(event);
  const settings = { role: 'consumer', parent: 'none', links: carrier && [carrier] } as const;
  return inSpan(UNREAD, settings, (span) => executed(span, args, ' event', run));
}

function executed<T extends Outcome>(
  span: Span | undefined,
  args: ExecutionArgs,
  suffix: string,
  run: () => T | Promise<T>,
): T | Promise<T> {
  if (!span) return run();
  nameSpan(span, args.document, args.operationName, suffix);
  const result = run();
  if (!(result instanceof Promise)) {
    settleSpan(span, errorsOf(result));
    return result;
  }
  return result.then((settled) => {
    settleSpan(span, errorsOf(settled));
    return settled;
  });
}

/** An execution result's errors; an event source has none. */
function errorsOf(outcome: Outcome): ExecutionResult['errors'] {
  return 'errors' in outcome ? (outcome as ExecutionResult).errors : undefined;
}

function nameSpan(
  span: Span,
  document: DocumentNode,
  operationName: string | null | undefined,
  suffix: string,
): void {
  const operation = getOperationAST(document, operationName);
  const type = operation?.operation ?? 'unknown';
  const name = operation?.name?.value;
  span.updateName(`${name ? `${type} ${name}` : type}${suffix}`);
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
}

/** The code of the first error, as the answer counts it; errors carry client input: no message. */
function settleSpan(
  span: Span,
  errors: readonly { extensions?: Record<string, unknown> | undefined }[] | undefined,
): void {
  const first = errors?.[0];
  if (!first) return;
  const code = first.extensions?.code;
  const reason = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  span.setAttribute('graphql.error.code', reason);
  spanFailed(span, reason);
}
