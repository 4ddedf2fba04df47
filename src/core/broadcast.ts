import { setMaxListeners } from 'node:events';
import {
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
} from 'graphql';
import type { Caller, Context } from '../graphql/index.js';
import { planEvents, type EventPlan } from './event-plan.js';
import { executeEventTraced } from './operation-spans.js';

/**
 * The signal of every group execution: never aborted, as a group execution belongs to no one
 * connection. Its upstream calls each add and remove a listener, any number at once.
 */
const UNOWNED = new AbortController().signal;
setMaxListeners(0, UNOWNED);

/** Plans held per document, one per distinct operation name and variables. */
const MAX_PLANS_PER_DOCUMENT = 100;

/** One subscription of a group: the arguments its events are executed with. */
export interface BroadcastSubscription {
  /** From `EventBroadcast.groupKey`. */
  readonly groupKey: string;
  /** The operation as prepared; its `contextValue` is replaced per execution. */
  readonly args: ExecutionArgs;
  /**
   * The connection's credential and origin: each group execution gets a context (and budget) of
   * its own.
   */
  readonly caller: Caller;
}

/** How a transport puts a payload on its wire, made once per payload and shared (`encode`). */
export interface PayloadEncoding<T> {
  /** `cursor`: the event's place in its agent's event log, where it has one. */
  encode(json: string, cursor: string | undefined): T;
}

/**
 * An event's result for one group, serialized once, and what each transport made of it, made
 * once too: every subscriber of the group is sent the very same bytes.
 */
export class GroupPayload {
  /** The encoding asked for first, the usual only one, and what it made. */
  private firstEncoding: PayloadEncoding<unknown> | undefined;
  private firstEncoded: unknown;
  /** What other transports made of it, when subscribers of one group use several. */
  private otherEncoded: Map<PayloadEncoding<unknown>, unknown> | undefined;

  constructor(
    /** The result as JSON: a graphql-ws `next` message's payload, a server-sent event's data. */
    readonly json: string,
    /**
     * The event's cursor (an SmsSessionEvent's), whether or not the client selected it: a
     * transport that names each event (a server-sent event's `id`) lets the client resume by it.
     */
    readonly cursor?: string,
  ) {}

  /** The payload as `encoding` puts it on the wire, encoded at the first ask. */
  encodedAs<T>(encoding: PayloadEncoding<T>): T {
    if (encoding === this.firstEncoding) return this.firstEncoded as T;
    if (this.firstEncoding === undefined) {
      this.firstEncoding = encoding;
      this.firstEncoded = encoding.encode(this.json, this.cursor);
      return this.firstEncoded as T;
    }
    this.otherEncoded ??= new Map();
    let encoded = this.otherEncoded.get(encoding) as T | undefined;
    if (encoded === undefined) {
      encoded = encoding.encode(this.json, this.cursor);
      this.otherEncoded.set(encoding, encoded);
    }
    return encoded;
  }
}

/** An event's payloads by group key, settled or on their way. */
type GroupPayloads = Map<string, GroupPayload | Promise<GroupPayload>>;

/** What a group execution runs with: a context of its own, and the result as clients get it. */
export interface GroupExecution {
  agents: { context(caller: Caller, signal: AbortSignal): Context };
  results: { settle(result: ExecutionResult, context: Context): FormattedExecutionResult };
}

/**
 * Executes a subscription event once per group and serializes it once: every subscriber of the
 * group that takes the same event object gets the same payload, whoever asks first pays for it.
 *
 * A result is kept only as long as its event is: the cache is weak on the event object, which the
 * subscribers' queues hold until each has taken it. A group's execution has a context of its own
 * and so one budget, and no one subscriber's signal: a subscriber leaving mid-execution must not
 * fail the event for the others (its upstream calls still end by their timeout).
 */
export class EventBroadcast {
  private readonly payloads = new WeakMap<object, GroupPayloads>();
  /** Short stand-ins for documents in group keys; the document cache makes equal queries share one. */
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;
  /**
   * Each group's plan, made at its first event and shared by the groups of every agent alike;
   * null where its selections need `execute`. Kept per document while the document is in use.
   */
  private readonly plans = new WeakMap<DocumentNode, Map<string, EventPlan | null>>();

  constructor(private readonly execution: GroupExecution) {}

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
   * The event's payload for the subscription's group, executed and serialized at the first ask:
   * known at once when the execution completed synchronously (or completed before), so most
   * subscribers take it without a promise hop.
   * @returns a promise rejected only when graphql-js throws (not for errors in the result).
   */
  payload(
    event: object,
    subscription: BroadcastSubscription,
  ): GroupPayload | Promise<GroupPayload> {
    let byGroup = this.payloads.get(event);
    if (!byGroup) {
      byGroup = new Map();
      this.payloads.set(event, byGroup);
    }
    const known = byGroup.get(subscription.groupKey);
    if (known !== undefined) return known;
    const { groupKey } = subscription;
    const group = byGroup;
    const { agents, results } = this.execution;
    const context = agents.context(subscription.caller, UNOWNED);
    const { args } = subscription;
    const plan = this.planOf(subscription);
    const result = executeEventTraced(
      event,
      args,
      () =>
        plan?.execute(event, context) ??
        execute({ ...args, rootValue: event, contextValue: context }),
    );
    const serialize = (settled: ExecutionResult): GroupPayload => {
      const json = JSON.stringify(results.settle(settled, context));
      const payload = new GroupPayload(json, cursorOf(event));
      group.set(groupKey, payload);
      return payload;
    };
    if (!isPromise(result)) return serialize(result);
    const pending = result.then(serialize);
    group.set(groupKey, pending);
    return pending;
  }

  private planOf({ groupKey, args }: BroadcastSubscription): EventPlan | undefined {
    let byGroup = this.plans.get(args.document);
    if (!byGroup) {
      byGroup = new Map();
      this.plans.set(args.document, byGroup);
    }
    let plan = byGroup.get(groupKey);
    if (plan === undefined) {
      plan = planEvents(args) ?? null;
      // Variables can make a document's groups without end (a session id each): the oldest goes.
      if (byGroup.size >= MAX_PLANS_PER_DOCUMENT) {
        byGroup.delete(byGroup.keys().next().value as string);
      }
      byGroup.set(groupKey, plan);
    }
    return plan ?? undefined;
  }
}

/** The cursor a logged event carries; undefined for an event of no log. */
function cursorOf(event: object): string | undefined {
  const { cursor } = event as { cursor?: unknown };
  return typeof cursor === 'string' ? cursor : undefined;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}
