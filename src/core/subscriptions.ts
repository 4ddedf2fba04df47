import { createSourceEventStream, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Caller } from '../graphql/index.js';
import { EventBroadcast, type GroupExecution } from './broadcast.js';
import { Delivery, isEventSource, type EventSource } from './delivery.js';

/**
 * Subscriptions on every transport: a subscription's events, each executed once per group of
 * identical operations of one agent and serialized once, written to every subscriber's sink.
 */
export class Subscriptions {
  private readonly broadcast: EventBroadcast;

  constructor(execution: GroupExecution) {
    this.broadcast = new EventBroadcast(execution);
  }

  /**
   * The `subscribe` of graphql-ws and graphql-sse: the subscription's event source, from its
   * subscribe resolver, or the result that refuses it. Its events are not executed here: a
   * {@link delivery} of the source executes each once for its group.
   */
  async events(args: ExecutionArgs): Promise<EventSource | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (isEventSource(source) || !(Symbol.asyncIterator in source)) return source;
    throw new Error('A subscribe resolver answered with a stream that is no event source.');
  }

  /**
   * The delivery of the source's events, started once its transport can take them
   * (`Delivery.start`), until they end or it is returned.
   */
  delivery(source: EventSource, args: ExecutionArgs, caller: Caller): Delivery {
    const subscription = { groupKey: this.broadcast.groupKey(args), args, caller };
    return new Delivery(source, subscription, this.broadcast);
  }
}
