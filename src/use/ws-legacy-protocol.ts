import type { GraphQLFormattedError } from 'graphql';
import { DEPRECATED_GRAPHQL_WS_PROTOCOL } from 'graphql-ws';
import type { OperationRequest } from '../core/index.js';

/**
 * The legacy `graphql-ws` WebSocket subprotocol, subscriptions-transport-ws's, still the default
 * of Apollo Kotlin 4 and an option of Apollo iOS (`.graphql_ws`): its whole vocabulary, as
 * graphql-ws keeps the newer protocol's in one module. No maintained library serves it: the
 * subscriptions-transport-ws package is deprecated and runs operations its own way.
 */
export const LEGACY_PROTOCOL = DEPRECATED_GRAPHQL_WS_PROTOCOL;

export const LegacyMessageType = {
  /** Client: opens the connection; its payload holds the connection parameters. */
  ConnectionInit: 'connection_init',
  /** Server: the connection is accepted. */
  ConnectionAck: 'connection_ack',
  /** Server: the connection is refused; the socket closes after it. */
  ConnectionError: 'connection_error',
  /** Server: keep-alive, right after the acknowledgement and then periodically. */
  KeepAlive: 'ka',
  /** Client: closes the connection. */
  ConnectionTerminate: 'connection_terminate',
  /** Client: runs an operation under the client's id. */
  Start: 'start',
  /** Server: one result of an operation. */
  Data: 'data',
  /** Server: an operation refused before it ran, or a message the server cannot use. */
  Error: 'error',
  /** Server: an operation has no more results. */
  Complete: 'complete',
  /** Client: ends an operation. */
  Stop: 'stop',
} as const;

/** A message from the client, checked. */
export type LegacyClientMessage =
  | { type: typeof LegacyMessageType.ConnectionInit; payload: Record<string, unknown> | undefined }
  | { type: typeof LegacyMessageType.Start; id: string; payload: OperationRequest }
  | { type: typeof LegacyMessageType.Stop; id: string }
  | { type: typeof LegacyMessageType.ConnectionTerminate }
  /** Not JSON, of an unknown type, or without what its type needs: `reason` says which. */
  | { type: 'invalid'; id: string | undefined; reason: string };

/** A message to the client. */
export type LegacyServerMessage =
  | { type: typeof LegacyMessageType.ConnectionAck }
  | { type: typeof LegacyMessageType.ConnectionError; payload: GraphQLFormattedError }
  | { type: typeof LegacyMessageType.KeepAlive }
  | { type: typeof LegacyMessageType.Data; id: string; payload: unknown }
  /** Without an id where the message it answers had none. Its payload is one error (a map). */
  | { type: typeof LegacyMessageType.Error; id?: string; payload: GraphQLFormattedError }
  | { type: typeof LegacyMessageType.Complete; id: string };

/** Reads one client message; never throws. */
export function parseLegacyMessage(text: string): LegacyClientMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return invalid(undefined, 'Message is not valid JSON.');
  }
  if (!isRecord(message)) return invalid(undefined, 'Message is not a JSON object.');
  const { type, id, payload } = message;
  const operationId = typeof id === 'string' && id.length > 0 ? id : undefined;
  switch (type) {
    case LegacyMessageType.ConnectionInit:
      if (payload !== undefined && payload !== null && !isRecord(payload)) {
        return invalid(operationId, 'The connection_init payload must be an object.');
      }
      return { type, payload: payload ?? undefined };
    case LegacyMessageType.ConnectionTerminate:
      return { type };
    case LegacyMessageType.Stop:
      return operationId === undefined
        ? invalid(undefined, 'A stop message needs the id of an operation.')
        : { type, id: operationId };
    case LegacyMessageType.Start: {
      if (operationId === undefined) return invalid(undefined, 'A start message needs an id.');
      const request = operationRequest(payload);
      return typeof request === 'string'
        ? invalid(operationId, request)
        : { type, id: operationId, payload: request };
    }
    default:
      return invalid(operationId, `Unknown message type ${JSON.stringify(type)}.`);
  }
}

export function stringifyLegacyMessage(message: LegacyServerMessage): string {
  return JSON.stringify(message);
}

/**
 * The text of operation `id`'s `data` message up to its payload, which the payload's JSON and
 * `}` complete: the subscription's events are written as finished frames around shared payloads.
 */
export function dataMessageStart(id: string): string {
  const empty = stringifyLegacyMessage({ type: LegacyMessageType.Data, id, payload: {} });
  return empty.slice(0, -EMPTY_PAYLOAD_END.length);
}

/** How a `data` message around an empty payload ends: `{}` and the message's own `}`. */
const EMPTY_PAYLOAD_END = '{}}';

/** The operation a `start` message asks for, or why it is not one. */
function operationRequest(payload: unknown): OperationRequest | string {
  if (!isRecord(payload)) return 'A start message needs a payload object.';
  const { query, operationName, variables, extensions } = payload;
  if (query !== undefined && query !== null && typeof query !== 'string') {
    return 'The query must be a string.';
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return 'The operationName must be a string.';
  }
  if (variables !== undefined && variables !== null && !isRecord(variables)) {
    return 'The variables must be an object.';
  }
  if (extensions !== undefined && extensions !== null && !isRecord(extensions)) {
    return 'The extensions must be an object.';
  }
  return {
    query: query ?? undefined,
    operationName: operationName ?? undefined,
    variables: variables ?? undefined,
    extensions: extensions ?? undefined,
  };
}

function invalid(id: string | undefined, reason: string): LegacyClientMessage {
  return { type: 'invalid', id, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
