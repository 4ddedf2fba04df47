import { JSONObjectResolver } from 'graphql-scalars';
import {
  assertSessionId,
  assertTargetPath,
  assertTargetUri,
  type WireOperationRequest,
} from '../gws/index.js';
import type { Resolvers, SmsOperationResult } from '../generated/graphql.js';
import type { Context } from './context.js';
import type { SmsSessionEventModel } from './events.js';
import { badUserInput } from './errors.js';

/** Exactly one of the two target arguments, validated, as the operation's body parameters. */
function target(
  targetUri: string | null | undefined,
  targetPath: string | null | undefined,
): { targetUri: string } | { targetPath: string } {
  const hasUri = targetUri !== null && targetUri !== undefined;
  const hasPath = targetPath !== null && targetPath !== undefined;
  if (hasUri === hasPath) throw badUserInput('Give exactly one of targetUri and targetPath.');
  if (hasUri) {
    assertTargetUri(targetUri);
    return { targetUri };
  }
  assertTargetPath(targetPath as string);
  return { targetPath: targetPath as string };
}

async function runOperation(
  context: Context,
  sessionId: string,
  request: WireOperationRequest,
): Promise<SmsOperationResult> {
  const reply = await context.agent().postSmsOperation(sessionId, request);
  return {
    sessionId,
    operationName: request.operationName,
    statusCode: reply.statusCode,
    referenceId: reply.referenceId ?? null,
  };
}

export const resolvers: Resolvers = {
  JSONObject: JSONObjectResolver,

  Query: {
    me: async (_parent, _args, context) => context.mapper.agent(await context.agent().me()),

    smsSessions: async (_parent, _args, context) =>
      (await context.smsSessionList()).map((session) => context.mapper.session(session)),

    smsSession: async (_parent, { id }, context) => {
      assertSessionId(id);
      const session = await context.smsSessionLoader.load(id);
      return session ? context.mapper.session(session) : null;
    },
  },

  Mutation: {
    inviteToSmsSession: (_parent, { id, targetUri, targetPath }, context) => {
      assertSessionId(id);
      return runOperation(context, id, {
        operationName: 'Invite',
        ...target(targetUri, targetPath),
      });
    },
  },

  Subscription: {
    smsSessionEvents: {
      subscribe: (_parent, { id }, context) => {
        if (id !== null && id !== undefined) assertSessionId(id);
        return context.sessionEvents(id ?? undefined);
      },
      resolve: (event: SmsSessionEventModel) => event,
    },
  },

  SmsSessionEvent: {
    __resolveType: (event) => event.kind,
  },

  SmsSession: {
    messages: async (session, { startIndex, count }, context) =>
      context.mapper.messages(
        await context.agent().getSmsMessages(session.id, {
          startIndex: startIndex ?? undefined,
          count: count ?? undefined,
        }),
      ),
  },
};
