import { execute, type DocumentNode, type ExecutionArgs } from 'graphql';
import type { GatewayCore } from '../core.js';

/** One subscription of a group: the arguments its events are executed with. */
export interface BroadcastSubscription {
  /** From `EventBroadcast.groupKey`. */
  readonly groupKey: string;
  /** The operation as prepared; its `contextValue` is replaced per execution. */
  readonly args: ExecutionArgs;
  /** The connection's credential: each group execution gets a context (and budget) of its own. */
  readonly authorization: string;
}

/**
 * Executes a subscription event once per group and serializes it once: every subscriber of the
 * group that takes the same event object gets the same JSON payload (the `payload` of a graphql-ws
 * `next` message, the `data` of a server-sent event), whoever asks first pays for it.
 *
 * A result is kept only as long as its event is: the cache is weak on the event object, which the
 * subscribers' queues hold until each has taken it. A group's execution has a context of its own
 * and so one budget, and no one subscriber's signal: a subscriber leaving mid-execution must not
 * fail the event for the others (its upstream calls still end by their timeout).
 */
export class EventBroadcast {
  private readonly payloads = new WeakMap<object, Map<string, Promise<string>>>();
  /** Short stand-ins for documents in group keys; the document cache makes equal queries share one. */
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;

  constructor(private readonly core: GatewayCore) {}

  /**
   * What makes two subscriptions receive the very same bytes for an event: the same document,
   * operation name and variables. Agents' feeds are kept apart by the events themselves: a feed's
   * event object reaches that agent's subscribers only, so a group never spans two agents.
   */
  groupKey({ document, operationName, variableValues }: ExecutionArgs): string {
    let documentId = this.documentIds.get(document);
    if (documentId === undefined) {
      documentId = this.nextDocumentId += 1;
      this.documentIds.set(document, documentId);
    }
    return `${documentId}\u0000${operationName ?? ''}\u0000${JSON.stringify(variableValues ?? null)}`;
  }

  /**
   * The event's payload for the subscription's group, executed and serialized at the first ask.
   * @returns a promise rejected only when graphql-js throws (not for errors in the result).
   */
  payload(event: object, subscription: BroadcastSubscription): Promise<string> {
    let byGroup = this.payloads.get(event);
    if (!byGroup) {
      byGroup = new Map();
      this.payloads.set(event, byGroup);
    }
    let payload = byGroup.get(subscription.groupKey);
    if (!payload) {
      payload = this.execute(event, subscription);
      byGroup.set(subscription.groupKey, payload);
    }
    return payload;
  }

  private async execute(event: object, { args, authorization }: BroadcastSubscription) {
    // Never aborted: a group execution belongs to no one connection.
    const unowned = new AbortController().signal;
    const context = this.core.streamContext(authorization, unowned, () => undefined);
    const result = await execute({ ...args, rootValue: event, contextValue: context });
    return JSON.stringify(this.core.settle(result, context));
  }
}
