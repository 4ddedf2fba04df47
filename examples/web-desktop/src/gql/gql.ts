/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ChannelFields on AgentChannel {\n    channel\n    state\n    stateId\n    displayName\n  }\n": typeof types.ChannelFieldsFragmentDoc,
    "\n  fragment SessionFields on SmsSession {\n    id\n    state\n    capabilities\n    participants {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  fragment MessageFields on SmsMessage {\n    id\n    index\n    type\n    visibility\n    text\n    url\n    noticeText\n    timestamp\n    from {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n": typeof types.MessageFieldsFragmentDoc,
    "\n  query FindContacts($search: String!, $first: Int!) {\n    contacts(search: $search, first: $first) {\n      edges {\n        node {\n          id\n          name\n          type\n          availability {\n            channel\n            available\n          }\n        }\n      }\n    }\n  }\n": typeof types.FindContactsDocument,
    "\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n": typeof types.SignedInAgentDocument,
    "\n  query SmsSessions {\n    smsSessions {\n      ...SessionFields\n    }\n  }\n": typeof types.SmsSessionsDocument,
    "\n  query AgentStates {\n    agentStates {\n      id\n      displayName\n      state\n    }\n  }\n": typeof types.AgentStatesDocument,
    "\n  subscription AgentChannelEvents {\n    agentChannelEvents {\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n": typeof types.AgentChannelEventsDocument,
    "\n  query TranscriptPage($id: ID!, $last: Int!, $before: String) {\n    smsSession(id: $id) {\n      id\n      transcript(last: $last, before: $before) {\n        edges {\n          node {\n            ...MessageFields\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n        }\n      }\n    }\n  }\n": typeof types.TranscriptPageDocument,
    "\n  subscription DeskEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      ... on SmsSessionUpdated {\n        session {\n          ...SessionFields\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          ...MessageFields\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n": typeof types.DeskEventsDocument,
    "\n  mutation StartShift {\n    startContactCenterSession(channels: [\"sms\"]) {\n      statusCode\n    }\n  }\n": typeof types.StartShiftDocument,
    "\n  mutation EndShift {\n    endContactCenterSession {\n      statusCode\n    }\n  }\n": typeof types.EndShiftDocument,
    "\n  mutation SetSmsState($state: AgentChannelState!, $reason: ID!) {\n    setAgentChannelState(channel: \"sms\", state: $state, reason: $reason) {\n      statusCode\n    }\n  }\n": typeof types.SetSmsStateDocument,
    "\n  mutation AcceptSession($id: ID!, $nickname: String!) {\n    acceptSmsSession(id: $id, nickname: $nickname) {\n      sessionId\n      outcome\n    }\n  }\n": typeof types.AcceptSessionDocument,
    "\n  mutation SendMessage($id: ID!, $text: String!) {\n    sendSmsMessage(id: $id, text: $text) {\n      sessionId\n      outcome\n    }\n  }\n": typeof types.SendMessageDocument,
    "\n  mutation CompleteSession($id: ID!) {\n    completeSmsSession(id: $id) {\n      sessionId\n      outcome\n    }\n  }\n": typeof types.CompleteSessionDocument,
    "\n  mutation InviteContact($id: ID!, $contactId: ID!) {\n    inviteToSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n": typeof types.InviteContactDocument,
    "\n  mutation TransferToContact($id: ID!, $contactId: ID!) {\n    transferSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n": typeof types.TransferToContactDocument,
};
const documents: Documents = {
    "\n  fragment ChannelFields on AgentChannel {\n    channel\n    state\n    stateId\n    displayName\n  }\n": types.ChannelFieldsFragmentDoc,
    "\n  fragment SessionFields on SmsSession {\n    id\n    state\n    capabilities\n    participants {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  fragment MessageFields on SmsMessage {\n    id\n    index\n    type\n    visibility\n    text\n    url\n    noticeText\n    timestamp\n    from {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n": types.MessageFieldsFragmentDoc,
    "\n  query FindContacts($search: String!, $first: Int!) {\n    contacts(search: $search, first: $first) {\n      edges {\n        node {\n          id\n          name\n          type\n          availability {\n            channel\n            available\n          }\n        }\n      }\n    }\n  }\n": types.FindContactsDocument,
    "\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n": types.SignedInAgentDocument,
    "\n  query SmsSessions {\n    smsSessions {\n      ...SessionFields\n    }\n  }\n": types.SmsSessionsDocument,
    "\n  query AgentStates {\n    agentStates {\n      id\n      displayName\n      state\n    }\n  }\n": types.AgentStatesDocument,
    "\n  subscription AgentChannelEvents {\n    agentChannelEvents {\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n": types.AgentChannelEventsDocument,
    "\n  query TranscriptPage($id: ID!, $last: Int!, $before: String) {\n    smsSession(id: $id) {\n      id\n      transcript(last: $last, before: $before) {\n        edges {\n          node {\n            ...MessageFields\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n        }\n      }\n    }\n  }\n": types.TranscriptPageDocument,
    "\n  subscription DeskEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      ... on SmsSessionUpdated {\n        session {\n          ...SessionFields\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          ...MessageFields\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n": types.DeskEventsDocument,
    "\n  mutation StartShift {\n    startContactCenterSession(channels: [\"sms\"]) {\n      statusCode\n    }\n  }\n": types.StartShiftDocument,
    "\n  mutation EndShift {\n    endContactCenterSession {\n      statusCode\n    }\n  }\n": types.EndShiftDocument,
    "\n  mutation SetSmsState($state: AgentChannelState!, $reason: ID!) {\n    setAgentChannelState(channel: \"sms\", state: $state, reason: $reason) {\n      statusCode\n    }\n  }\n": types.SetSmsStateDocument,
    "\n  mutation AcceptSession($id: ID!, $nickname: String!) {\n    acceptSmsSession(id: $id, nickname: $nickname) {\n      sessionId\n      outcome\n    }\n  }\n": types.AcceptSessionDocument,
    "\n  mutation SendMessage($id: ID!, $text: String!) {\n    sendSmsMessage(id: $id, text: $text) {\n      sessionId\n      outcome\n    }\n  }\n": types.SendMessageDocument,
    "\n  mutation CompleteSession($id: ID!) {\n    completeSmsSession(id: $id) {\n      sessionId\n      outcome\n    }\n  }\n": types.CompleteSessionDocument,
    "\n  mutation InviteContact($id: ID!, $contactId: ID!) {\n    inviteToSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n": types.InviteContactDocument,
    "\n  mutation TransferToContact($id: ID!, $contactId: ID!) {\n    transferSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n": types.TransferToContactDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChannelFields on AgentChannel {\n    channel\n    state\n    stateId\n    displayName\n  }\n"): (typeof documents)["\n  fragment ChannelFields on AgentChannel {\n    channel\n    state\n    stateId\n    displayName\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on SmsSession {\n    id\n    state\n    capabilities\n    participants {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on SmsSession {\n    id\n    state\n    capabilities\n    participants {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageFields on SmsMessage {\n    id\n    index\n    type\n    visibility\n    text\n    url\n    noticeText\n    timestamp\n    from {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n"): (typeof documents)["\n  fragment MessageFields on SmsMessage {\n    id\n    index\n    type\n    visibility\n    text\n    url\n    noticeText\n    timestamp\n    from {\n      id\n      participantId\n      nickname\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindContacts($search: String!, $first: Int!) {\n    contacts(search: $search, first: $first) {\n      edges {\n        node {\n          id\n          name\n          type\n          availability {\n            channel\n            available\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FindContacts($search: String!, $first: Int!) {\n    contacts(search: $search, first: $first) {\n      edges {\n        node {\n          id\n          name\n          type\n          availability {\n            channel\n            available\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SmsSessions {\n    smsSessions {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  query SmsSessions {\n    smsSessions {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentStates {\n    agentStates {\n      id\n      displayName\n      state\n    }\n  }\n"): (typeof documents)["\n  query AgentStates {\n    agentStates {\n      id\n      displayName\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentChannelEvents {\n    agentChannelEvents {\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AgentChannelEvents {\n    agentChannelEvents {\n      channels {\n        ...ChannelFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TranscriptPage($id: ID!, $last: Int!, $before: String) {\n    smsSession(id: $id) {\n      id\n      transcript(last: $last, before: $before) {\n        edges {\n          node {\n            ...MessageFields\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TranscriptPage($id: ID!, $last: Int!, $before: String) {\n    smsSession(id: $id) {\n      id\n      transcript(last: $last, before: $before) {\n        edges {\n          node {\n            ...MessageFields\n          }\n        }\n        pageInfo {\n          hasPreviousPage\n          startCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeskEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      ... on SmsSessionUpdated {\n        session {\n          ...SessionFields\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          ...MessageFields\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DeskEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      ... on SmsSessionUpdated {\n        session {\n          ...SessionFields\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          ...MessageFields\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartShift {\n    startContactCenterSession(channels: [\"sms\"]) {\n      statusCode\n    }\n  }\n"): (typeof documents)["\n  mutation StartShift {\n    startContactCenterSession(channels: [\"sms\"]) {\n      statusCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndShift {\n    endContactCenterSession {\n      statusCode\n    }\n  }\n"): (typeof documents)["\n  mutation EndShift {\n    endContactCenterSession {\n      statusCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSmsState($state: AgentChannelState!, $reason: ID!) {\n    setAgentChannelState(channel: \"sms\", state: $state, reason: $reason) {\n      statusCode\n    }\n  }\n"): (typeof documents)["\n  mutation SetSmsState($state: AgentChannelState!, $reason: ID!) {\n    setAgentChannelState(channel: \"sms\", state: $state, reason: $reason) {\n      statusCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptSession($id: ID!, $nickname: String!) {\n    acceptSmsSession(id: $id, nickname: $nickname) {\n      sessionId\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptSession($id: ID!, $nickname: String!) {\n    acceptSmsSession(id: $id, nickname: $nickname) {\n      sessionId\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendMessage($id: ID!, $text: String!) {\n    sendSmsMessage(id: $id, text: $text) {\n      sessionId\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation SendMessage($id: ID!, $text: String!) {\n    sendSmsMessage(id: $id, text: $text) {\n      sessionId\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteSession($id: ID!) {\n    completeSmsSession(id: $id) {\n      sessionId\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteSession($id: ID!) {\n    completeSmsSession(id: $id) {\n      sessionId\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteContact($id: ID!, $contactId: ID!) {\n    inviteToSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation InviteContact($id: ID!, $contactId: ID!) {\n    inviteToSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferToContact($id: ID!, $contactId: ID!) {\n    transferSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation TransferToContact($id: ID!, $contactId: ID!) {\n    transferSmsSession(id: $id, target: { contactId: $contactId }) {\n      sessionId\n      outcome\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;