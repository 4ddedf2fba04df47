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
    "\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n    }\n  }\n": typeof types.SignedInAgentDocument,
    "\n  query SmsSessions {\n    smsSessions {\n      id\n      state\n      participants {\n        id\n        nickname\n        type\n      }\n    }\n  }\n": typeof types.SmsSessionsDocument,
    "\n  subscription SmsSessionEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      referenceId\n      ... on SmsSessionUpdated {\n        session {\n          id\n          state\n          participants {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          id\n          index\n          type\n          text\n          url\n          noticeText\n          from {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n": typeof types.SmsSessionEventsDocument,
};
const documents: Documents = {
    "\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n    }\n  }\n": types.SignedInAgentDocument,
    "\n  query SmsSessions {\n    smsSessions {\n      id\n      state\n      participants {\n        id\n        nickname\n        type\n      }\n    }\n  }\n": types.SmsSessionsDocument,
    "\n  subscription SmsSessionEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      referenceId\n      ... on SmsSessionUpdated {\n        session {\n          id\n          state\n          participants {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          id\n          index\n          type\n          text\n          url\n          noticeText\n          from {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n": types.SmsSessionEventsDocument,
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
export function graphql(source: "\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n    }\n  }\n"): (typeof documents)["\n  query SignedInAgent {\n    me {\n      id\n      userName\n      firstName\n      lastName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SmsSessions {\n    smsSessions {\n      id\n      state\n      participants {\n        id\n        nickname\n        type\n      }\n    }\n  }\n"): (typeof documents)["\n  query SmsSessions {\n    smsSessions {\n      id\n      state\n      participants {\n        id\n        nickname\n        type\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SmsSessionEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      referenceId\n      ... on SmsSessionUpdated {\n        session {\n          id\n          state\n          participants {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          id\n          index\n          type\n          text\n          url\n          noticeText\n          from {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SmsSessionEvents($after: String) {\n    smsSessionEvents(after: $after) {\n      cursor\n      sessionId\n      notificationType\n      referenceId\n      ... on SmsSessionUpdated {\n        session {\n          id\n          state\n          participants {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsMessagesAdded {\n        messages {\n          id\n          index\n          type\n          text\n          url\n          noticeText\n          from {\n            id\n            nickname\n            type\n          }\n        }\n      }\n      ... on SmsOperationFailed {\n        errorMessage\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;