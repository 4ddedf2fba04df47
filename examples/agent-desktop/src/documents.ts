import { graphql } from './gql/index.js';

export const SignedInAgentDocument = graphql(`
  query SignedInAgent {
    me {
      id
      userName
      firstName
      lastName
    }
  }
`);

export const SmsSessionsDocument = graphql(`
  query SmsSessions {
    smsSessions {
      id
      state
      participants {
        id
        nickname
        type
      }
    }
  }
`);

export const SmsSessionEventsDocument = graphql(`
  subscription SmsSessionEvents($after: String) {
    smsSessionEvents(after: $after) {
      cursor
      sessionId
      notificationType
      referenceId
      ... on SmsSessionUpdated {
        session {
          id
          state
          participants {
            id
            nickname
            type
          }
        }
      }
      ... on SmsMessagesAdded {
        messages {
          id
          index
          type
          text
          url
          noticeText
          from {
            id
            nickname
            type
          }
        }
      }
      ... on SmsOperationFailed {
        errorMessage
      }
    }
  }
`);
