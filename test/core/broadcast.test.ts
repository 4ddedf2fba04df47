import { buildSchema, parse, type ExecutionArgs } from 'graphql';
import {
  EventBroadcast,
  GroupPayload,
  type BroadcastSubscription,
  type GroupExecution,
} from '../../src/core/broadcast.js';
import type { Caller } from '../../src/graphql/index.js';

const schema = buildSchema('type Query { n: Int } type Subscription { n: Int }');

/** A core whose contexts are empty and whose results are settled as they are. */
const core = {
  agents: { context: () => ({}) },
  results: { settle: (result: unknown) => result },
} as unknown as GroupExecution;

/** A subscription of `query`, counting how often its selection is executed. */
function subscription(broadcast: EventBroadcast, query: string) {
  const executions = { count: 0 };
  const args: ExecutionArgs = {
    schema,
    document: parse(query),
    fieldResolver: (source: { n: number }) => {
      executions.count += 1;
      return source.n;
    },
  };
  const groupKey = broadcast.groupKey(args);
  return { executions, subscription: { groupKey, args, caller: {} as Caller } };
}

function json(payload: GroupPayload | Promise<GroupPayload>): string {
  expect(payload).toBeInstanceOf(GroupPayload);
  return (payload as GroupPayload).json;
}

describe('EventBroadcast', () => {
  it('executes an event once per group, also when asked for events in turn', () => {
    const broadcast = new EventBroadcast(core);
    const first = subscription(broadcast, 'subscription { n }');
    const second: BroadcastSubscription = { ...first.subscription };
    const aliased = subscription(broadcast, 'subscription { m: n }');
    const one = { n: 1 };
    const two = { n: 2 };

    expect(json(broadcast.payload(one, first.subscription))).toBe('{"data":{"n":1}}');
    expect(json(broadcast.payload(one, second))).toBe('{"data":{"n":1}}');
    expect(json(broadcast.payload(one, aliased.subscription))).toBe('{"data":{"m":1}}');
    expect(json(broadcast.payload(two, second))).toBe('{"data":{"n":2}}');
    expect(json(broadcast.payload(two, first.subscription))).toBe('{"data":{"n":2}}');
    // An event asked for again after another one keeps the payload it had.
    expect(broadcast.payload(one, second)).toBe(broadcast.payload(one, first.subscription));
    expect(json(broadcast.payload(one, aliased.subscription))).toBe('{"data":{"m":1}}');
    expect(first.executions.count).toBe(2);
    expect(aliased.executions.count).toBe(1);
  });
});
