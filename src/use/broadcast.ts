import { setMaxListeners } from 'node:events';
import { execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GatewayCore } from '../core/index.js';
import type { Caller } from '../graphql/index.js';
import { NEXT_MESSAGE_END, textFrame, textFrameData } from './ws-frame.js';

/**
 * The signal of every group execution: never aborted, as a group execution belongs to no one
 * connection. Its upstream calls each add and remove a listener, any number at once.
 */
const UNOWNED = new AbortController().signal;
setMaxListeners(0, UNOWNED);

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

/**
 * Operation ids besides the first whose frames a payload keeps for the subscribers that come
 * after: clients that number their operations share a few ids, while clients that draw random
 * ids share none, and each frame kept lives as long as the event.
 */
const MAX_OTHER_FRAMES = 16;

/**
 * An event's result for one group, serialized once, and the graphql-ws `next` frames carrying it,
 * encoded once per operation id: subscribers whose operations share an id (every client that
 * numbers its operations from 1) are sent the very same bytes.
 */
export class GroupPayload {
  /** The frame of the first operation id asked for, the usual one, and its message start. */
  private firstId: string | undefined;
  private firstFrame: Buffer | undefined;
  private firstStart = '';
  /** The first frame's encoded payload and message end, which other ids' frames copy. */
  private encodedRest: Buffer | undefined;
  /** Frames of other ids; a few are kept. */
  private otherFrames: Map<string, Buffer> | undefined;

  constructor(
    /** The `payload` of a graphql-ws `next` message, the `data` of a server-sent event. */
    readonly json: string,
  ) {}

  /** The `next` frame of operation `id`, whose message starts with `start` (`nextMessageStart(id)`). */
  nextFrame(id: string, start: string): Buffer {
    if (id === this.firstId) return this.firstFrame as Buffer;
    if (this.firstFrame === undefined) {
      this.firstId = id;
      this.firstFrame = textFrame(start, this.json, NEXT_MESSAGE_END);
      this.firstStart = start;
      return this.firstFrame;
    }
    let frame = this.otherFrames?.get(id);
    if (frame === undefined) {
      this.encodedRest ??= textFrameData(this.firstFrame).subarray(
        Buffer.byteLength(this.firstStart),
      );
      frame = textFrame(start, this.encodedRest);
      this.otherFrames ??= new Map();
      if (this.otherFrames.size < MAX_OTHER_FRAMES) this.otherFrames.set(id, frame);
    }
    return frame;
  }
}

/** An event's payloads by group key, settled or on their way. */
type GroupPayloads = Map<string, GroupPayload | Promise<GroupPayload>>;

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
    const context = this.core.agents.context(subscription.caller, UNOWNED);
    const result = execute({ ...subscription.args, rootValue: event, contextValue: context });
    const serialize = (settled: ExecutionResult): GroupPayload => {
      const payload = new GroupPayload(JSON.stringify(this.core.results.settle(settled, context)));
      group.set(groupKey, payload);
      return payload;
    };
    if (!isPromise(result)) return serialize(result);
    const pending = result.then(serialize);
    group.set(groupKey, pending);
    return pending;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}
