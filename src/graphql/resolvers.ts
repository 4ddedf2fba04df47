import { JSONObjectResolver } from 'graphql-scalars';
import { assertSessionId, type SmsOperationReply } from '../gws/index.js';
import {
  SmsOperationOutcome,
  type MutationResolvers,
  type Resolvers,
  type ResolversTypes,
} from '../generated/graphql.js';
import type { Context } from './context.js';
import {
  directoryQueries,
  smsParticipantResolvers,
  smsTargetEntryResolvers,
  userResolvers,
  withTypedTarget,
} from './directory-resolvers.js';
import { badUserInput, SUBSCRIPTION_TRANSPORTS } from './errors.js';
import type { LoggedAgentChannelEvent, LoggedSmsSessionEvent } from './events.js';
import { connection, pageRequest, readTranscriptPage } from './transcript.js';
import { awaitOutcome, beforeDeadline, type Outcome } from './outcomes.js';
import {
  agentOperationResultResolvers,
  agentResolvers,
  presenceMutations,
  presenceQueries,
} from './presence.js';
import {
  SMS_MUTATIONS,
  type SmsMutationArguments,
  type SmsMutationField,
  type SmsMutationRequest,
} from './sms-operations.js';

type OperationResult = ResolversTypes['SmsOperationResult'];

/** The longest an awaited operation waits for the agent's notification stream before it is sent. */
const MAX_STREAM_WAIT_MS = 2_000;

/** How long to wait for the outcome: the mutation's timeoutMs, checked, or the default. */
function outcomeTimeout(context: Context, timeoutMs: number | null | undefined): number {
  const { defaultTimeoutMs, maxTimeoutMs } = context.outcomeSettings;
  if (timeoutMs === null || timeoutMs === undefined) return defaultTimeoutMs;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > maxTimeoutMs) {
    throw badUserInput(`timeoutMs must be a whole number from 1 to ${maxTimeoutMs}.`, 'timeoutMs');
  }
  return timeoutMs;
}

/**
 * Runs a mutation of the operations table: sends the operation its arguments make on the session
 * `id` names. With awaitOutcome, the agent's events are watched from before the request leaves, so
 * the outcome cannot slip by; once GWS has accepted the request, nothing afterwards turns the
 * mutation into an error.
 */
async function runOperation(
  context: Context,
  buildRequest: SmsMutationRequest,
  args: SmsMutationArguments,
): Promise<OperationResult> {
  const { id: sessionId } = args;
  assertSessionId(sessionId);
  const timeoutMs = outcomeTimeout(context, args.timeoutMs);
  const request = buildRequest(await withTypedTarget(context, args));
  const agent = context.agent();
  const result = (reply: SmsOperationReply, outcome: Outcome) => ({
    sessionId,
    operationName: request.operationName,
    statusCode: reply.statusCode,
    statusMessage: reply.statusMessage ?? null,
    referenceId: reply.referenceId ?? null,
    ...outcome,
  });
  if (!args.awaitOutcome) {
    const reply = await agent.postSmsOperation(sessionId, request, { signal: context.signal });
    return {
      ...result(reply, { outcome: SmsOperationOutcome.Accepted, errorMessage: null }),
      session: null,
    };
  }
  const deadline = Date.now() + timeoutMs;
  const watch = context.watchAgentEvents();
  try {
    // The operation waits a little for the stream to connect, never the whole timeout: a message
    // to a customer must not be held back because notifications are slow.
    const readyBy = Date.now() + Math.min(timeoutMs / 4, MAX_STREAM_WAIT_MS);
    const connected = await beforeDeadline(watch.ready, readyBy, false, context.signal);
    if (!connected) context.logger.warn('operation sent before the notification stream connected');
    const reply = await agent.postSmsOperation(sessionId, request, { signal: context.signal });
    const outcome = await awaitOutcome(
      { events: watch.events, connected },
      {
        sessionId,
        request,
        referenceId: reply.referenceId,
        upstreamSession: reply.upstreamSession,
        deadline,
        quietWindowMs: context.outcomeSettings.quietWindowMs,
      },
      context.signal,
    );
    context.onOutcome(outcome.outcome);
    return {
      ...result(reply, outcome),
      session: await sessionAfter(context, sessionId),
    };
  } finally {
    watch.close();
  }
}

/** The session as GWS has it now; null when it cannot be read, as the operation itself went through. */
async function sessionAfter(context: Context, sessionId: string) {
  try {
    const session = await context.agent().getSmsSession(sessionId, { signal: context.signal });
    return session ? context.mapper.session(session) : null;
  } catch (error) {
    context.logger.warn({ err: (error as Error).message }, 'session not read after an operation');
    return null;
  }
}

/** The resolver of a mutation of the operations table. */
function smsOperationResolver(request: SmsMutationRequest) {
  return (_parent: unknown, args: SmsMutationArguments, context: Context) =>
    runOperation(context, request, args);
}

const smsOperationMutations = Object.fromEntries(
  [...SMS_MUTATIONS].map(([mutation, request]) => [mutation, smsOperationResolver(request)]),
) as Record<SmsMutationField, ReturnType<typeof smsOperationResolver>>;

export const resolvers: Resolvers = {
  JSONObject: JSONObjectResolver,

  Query: {
    me: async (_parent, _args, context) =>
      context.mapper.agent(await context.agent().me({ signal: context.signal })),

    smsSessions: async (_parent, _args, context) =>
      context.budget.chargeResponse(
        (await context.smsSessionList()).map((session) => context.mapper.session(session)),
      ),

    smsSession: async (_parent, { id }, context) => {
      assertSessionId(id);
      const session = await context.smsSessionLoader.load(id);
      return session ? context.budget.chargeResponse(context.mapper.session(session)) : null;
    },

    ...presenceQueries,
    ...directoryQueries,
  },

  Mutation: {
    ...smsOperationMutations,
    ...presenceMutations,
    // Every mutation of the schema has its resolver: one left out does not compile.
  } satisfies Required<MutationResolvers<Context>>,

  Agent: agentResolvers,

  AgentOperationResult: agentOperationResultResolvers,

  Subscription: {
    smsSessionEvents: {
      subscribe: (_parent, { id, after }, context) => {
        if (id !== null && id !== undefined) assertSessionId(id);
        if (!context.sessionEvents) throw badUserInput(SUBSCRIPTION_TRANSPORTS);
        return context.sessionEvents({ sessionId: id ?? undefined, after: after ?? undefined });
      },
      // Each event is an execution of its own, with a budget and directory reads of its own.
      resolve: (event: LoggedSmsSessionEvent, _args: unknown, context: Context) => {
        context.budget.startOver();
        context.directory.startOver();
        return event;
      },
    },
    agentChannelEvents: {
      subscribe: (_parent, _args, context) => {
        if (!context.channelEvents) throw badUserInput(SUBSCRIPTION_TRANSPORTS);
        return context.channelEvents();
      },
      resolve: (event: LoggedAgentChannelEvent, _args: unknown, context: Context) => {
        context.budget.startOver();
        return event;
      },
    },
  },

  SmsSessionEvent: {
    __resolveType: (event) => event.kind,
  },

  SmsParticipant: smsParticipantResolvers,

  SmsTargetEntry: smsTargetEntryResolvers,

  User: userResolvers,

  SmsSession: {
    messages: async (session, { startIndex, count }, context) =>
      context.budget.chargeResponse(
        context.mapper.messages(
          session.id,
          await context
            .agent()
            .getSmsMessages(
              session.id,
              { startIndex: startIndex ?? undefined, count: count ?? undefined },
              { signal: context.signal },
            ),
        ),
      ),

    transcript: async (session, args, context) => {
      const request = pageRequest(session.id, args);
      const page = await readTranscriptPage(request, (startIndex, count) =>
        context
          .agent()
          .getSmsMessages(session.id, { startIndex, count }, { signal: context.signal }),
      );
      return context.budget.chargeResponse(
        connection(session.id, page, context.mapper.messages(session.id, page.entries)),
      );
    },
  },
};
