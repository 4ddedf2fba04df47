import {
  assertChannelName,
  operationRequests,
  PARTIAL_SUCCESS,
  type ChannelOperationName,
  type WireEnvelope,
} from '../gws/index.js';
import {
  AgentChannelState,
  type AgentChannel,
  type AgentOperationResultResolvers,
  type AgentResolvers,
  type MutationResolvers,
  type QueryResolvers,
} from '../generated/graphql.js';
import type { Context } from './context.js';
import { badUserInput } from './errors.js';
import type { AgentOperationResultModel, AgentStateModel } from './model.js';

/**
 * Agent presence: the contact-centre session a desktop starts at login and ends at exit, and the
 * agent's state per channel. Each mutation sends exactly the documented body; a channel name is
 * checked before anything is sent.
 */

/** The channel operation that sets each state a desktop may set; the others GWS sets itself. */
const CHANNEL_OPERATION_OF_STATE: Readonly<
  Partial<Record<AgentChannelState, ChannelOperationName>>
> = {
  [AgentChannelState.Ready]: 'Ready',
  [AgentChannelState.NotReady]: 'NotReady',
};

async function agentStatesOf(context: Context): Promise<AgentStateModel[]> {
  return context.mapper.agentStates(
    await context.agent().listAgentStates({ signal: context.signal }),
  );
}

const MAX_REASON_ID_LENGTH = 256;

/**
 * The agent state a reason names, of the state asked for.
 * @throws BAD_USER_INPUT for a reason agentStates does not list, or of another state.
 */
async function agentStateOfReason(
  context: Context,
  reason: string,
  state: AgentChannelState,
): Promise<AgentStateModel> {
  if (reason === '' || reason.length > MAX_REASON_ID_LENGTH) {
    throw badUserInput(
      `reason must be an AgentState id of 1 to ${MAX_REASON_ID_LENGTH} characters.`,
      'reason',
    );
  }
  const agentState = (await agentStatesOf(context)).find((candidate) => candidate.id === reason);
  if (!agentState) {
    throw badUserInput(
      `No agent state ${JSON.stringify(reason)}: agentStates lists the reasons.`,
      'reason',
    );
  }
  if (agentState.state !== state) {
    throw badUserInput(
      `The agent state ${JSON.stringify(reason)} is ${agentState.state}, not ${state}.`,
      'reason',
    );
  }
  return agentState;
}

async function channelsOf(context: Context): Promise<AgentChannel[]> {
  return context.mapper.channels(await context.agent().listChannels({ signal: context.signal }));
}

/** The channels read after each operation, so its result's fields share one read. */
const channelsAfter = new WeakMap<AgentOperationResultModel, Promise<AgentChannel[]>>();

function channelsAfterOperation(
  result: AgentOperationResultModel,
  context: Context,
): Promise<AgentChannel[]> {
  let read = channelsAfter.get(result);
  if (!read) {
    read = channelsOf(context);
    channelsAfter.set(result, read);
  }
  return read;
}

/** States of a channel the agent is logged in to. */
const LOGGED_IN: ReadonlySet<AgentChannelState> = new Set([
  AgentChannelState.Ready,
  AgentChannelState.NotReady,
]);

type PresenceMutations = Required<
  Pick<
    MutationResolvers<Context>,
    'startContactCenterSession' | 'endContactCenterSession' | 'setAgentChannelState'
  >
>;

export const presenceMutations: PresenceMutations = {
  startContactCenterSession: async (_parent, { channels, place }, context) => {
    const request = operationRequests.StartContactCenterSession({ channels, place });
    const reply = await context.agent().postAgentOperation(request, { signal: context.signal });
    return result(request.operationName, reply, request.channels);
  },
  endContactCenterSession: async (_parent, _args, context) => {
    const request = operationRequests.EndContactCenterSession();
    const reply = await context.agent().postAgentOperation(request, { signal: context.signal });
    return result(request.operationName, reply, []);
  },
  setAgentChannelState: async (_parent, { channel, state, reason }, context) => {
    const operationName = CHANNEL_OPERATION_OF_STATE[state];
    if (!operationName) {
      throw badUserInput(
        'Only READY and NOT_READY can be set; endContactCenterSession logs the agent out.',
        'state',
      );
    }
    assertChannelName(channel);
    const request =
      reason === null || reason === undefined
        ? operationRequests[operationName]()
        : (await agentStateOfReason(context, reason, state)).setting.request;
    const reply = await context.agent().postChannelOperation(channel, request, {
      signal: context.signal,
    });
    return result(request.operationName, reply, [channel]);
  },
};

function result(
  operationName: string,
  reply: WireEnvelope,
  requestedChannels: readonly string[],
): AgentOperationResultModel {
  return {
    operationName,
    statusCode: reply.statusCode,
    statusMessage: reply.statusMessage ?? null,
    requestedChannels,
  };
}

export const presenceQueries: Required<Pick<QueryResolvers<Context>, 'agentStates'>> = {
  agentStates: async (_parent, _args, context) =>
    context.budget.chargeResponse(await agentStatesOf(context)),
};

export const agentResolvers: AgentResolvers<Context> = {
  channels: (_agent, _args, context) => channelsOf(context),
};

export const agentOperationResultResolvers: AgentOperationResultResolvers<Context> = {
  channels: (result, _args, context) => channelsAfterOperation(result, context),
  channelsNotStarted: async (result, _args, context) => {
    if (result.statusCode !== PARTIAL_SUCCESS) return [];
    const loggedIn = new Set(
      (await channelsAfterOperation(result, context))
        .filter((channel) => LOGGED_IN.has(channel.state))
        .map((channel) => channel.channel),
    );
    return result.requestedChannels.filter((channel) => !loggedIn.has(channel));
  },
};
