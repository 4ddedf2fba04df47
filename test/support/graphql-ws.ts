import WebSocket from 'ws';
import type { GraphQLResponse } from './stack.js';
import { waitFor } from './wait.js';

/** How long an answer may take: a 2 MB transcript on a loaded machine takes seconds. */
const ANSWER_TIMEOUT_MS = 20_000;

/**
 * Runs one operation on a fresh graphql-ws connection and resolves to its first answer (`next`
 * or `error`), so tests can hold WebSocket answers beside HTTP ones.
 */
export async function overWebSocket(
  url: string,
  authorization: string,
  payload: {
    query: string;
    variables?: Record<string, unknown>;
    extensions?: Record<string, unknown>;
    documentId?: string;
  },
): Promise<Omit<GraphQLResponse, 'status'>> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const messages: { type: string; payload?: unknown }[] = [];
    const arrived = (type: string) => () => messages.some((message) => message.type === type);
    const closed = new Promise<never>((_resolve, reject) =>
      socket.once('close', (code) => reject(new Error(`WebSocket closed with ${code}`))),
    );
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { Authorization: authorization } }),
    );
    await Promise.race([waitFor(arrived('connection_ack'), ANSWER_TIMEOUT_MS), closed]);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
    await Promise.race([
      waitFor(() => arrived('next')() || arrived('error')(), ANSWER_TIMEOUT_MS),
      closed,
    ]);
    const answer = messages.find(({ type }) => type === 'next' || type === 'error');
    return answer?.type === 'error'
      ? { errors: answer.payload as GraphQLResponse['errors'] }
      : (answer?.payload as Omit<GraphQLResponse, 'status'>);
  } finally {
    socket.terminate();
  }
}
