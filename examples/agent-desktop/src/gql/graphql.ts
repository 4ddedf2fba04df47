/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type SmsMessageType =
  | 'CUSTOM_NOTICE'
  | 'NOTICE'
  | 'PARTICIPANT_JOINED'
  | 'PARTICIPANT_LEFT'
  | 'PARTICIPANT_REJOINED'
  | 'PUSH_URL'
  | 'TEXT'
  | 'TYPING_STARTED'
  | 'TYPING_STOPPED'
  | 'UNKNOWN';

export type SmsNotificationType =
  | 'ERROR'
  | 'NEW_MESSAGES'
  | 'PARTICIPANTS_UPDATED'
  | 'PROPERTIES_UPDATED'
  /**
   * A snapshot the gateway sends itself: after an upstream reconnect, when an agent's upstream stream
   * opens again over events it still holds, or to a subscription whose after cursor it cannot honour.
   */
  | 'RESYNC'
  | 'STATUS_CHANGE'
  | 'UNKNOWN';

export type SmsParticipantType =
  | 'AGENT'
  | 'CUSTOMER'
  | 'EXTERNAL'
  | 'UNKNOWN';

export type SmsSessionState =
  | 'CHATTING'
  | 'COMPLETED'
  | 'INVITED'
  /** GWS could not join the agent to the session; it can still be completed and given a disposition. */
  | 'JOIN_FAILED'
  | 'LEFT_CHAT'
  | 'REVOKED'
  | 'UNKNOWN';

export type SignedInAgentQueryVariables = Exact<{ [key: string]: never; }>;


export type SignedInAgentQuery = { __typename: 'Query', me: { __typename: 'Agent', id: string, userName: string | null, firstName: string | null, lastName: string | null } };

export type SmsSessionsQueryVariables = Exact<{ [key: string]: never; }>;


export type SmsSessionsQuery = { __typename: 'Query', smsSessions: Array<{ __typename: 'SmsSession', id: string, state: SmsSessionState, participants: Array<{ __typename: 'SmsParticipant', id: string, nickname: string | null, type: SmsParticipantType }> }> };

export type SmsSessionEventsSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SmsSessionEventsSubscription = { smsSessionEvents:
    | { __typename: 'SmsMessagesAdded', cursor: string, sessionId: string, notificationType: SmsNotificationType, referenceId: number | null, messages: Array<{ __typename: 'SmsMessage', id: string, index: number, type: SmsMessageType, text: string | null, url: string | null, noticeText: string | null, from: { __typename: 'SmsParticipant', id: string, nickname: string | null, type: SmsParticipantType } | null }> }
    | { __typename: 'SmsOperationFailed', errorMessage: string, cursor: string, sessionId: string, notificationType: SmsNotificationType, referenceId: number | null }
    | { __typename: 'SmsSessionUpdated', cursor: string, sessionId: string, notificationType: SmsNotificationType, referenceId: number | null, session: { __typename: 'SmsSession', id: string, state: SmsSessionState, participants: Array<{ __typename: 'SmsParticipant', id: string, nickname: string | null, type: SmsParticipantType }> } }
   };


export const SignedInAgentDocument = {"__meta__":{"hash":"af5d94ceed345b08ae56a8b0ea57a07c2770f14b7f7d4cf07c4e15ac7e1facc9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SignedInAgent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userName"}},{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}}]}}]} as unknown as DocumentNode<SignedInAgentQuery, SignedInAgentQueryVariables>;
export const SmsSessionsDocument = {"__meta__":{"hash":"19550cb7485dd353fefd75aff77a80d6101887cabf3ffe0d73caa1782edf05d9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SmsSessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"smsSessions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nickname"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<SmsSessionsQuery, SmsSessionsQueryVariables>;
export const SmsSessionEventsDocument = {"__meta__":{"hash":"b86f5bee6056db7aedd68fc18cfc9474ce121c3d2ddf9dc773c7f4cf979c84dc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SmsSessionEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"smsSessionEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"sessionId"}},{"kind":"Field","name":{"kind":"Name","value":"notificationType"}},{"kind":"Field","name":{"kind":"Name","value":"referenceId"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SmsSessionUpdated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nickname"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SmsMessagesAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"noticeText"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nickname"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SmsOperationFailed"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}}]}}]}}]}}]} as unknown as DocumentNode<SmsSessionEventsSubscription, SmsSessionEventsSubscriptionVariables>;