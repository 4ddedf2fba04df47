import { graphql } from './gql/index.js';

export const ChannelFieldsFragment = graphql(`
  fragment ChannelFields on AgentChannel {
    channel
    state
    displayName
  }
`);

export const SessionFieldsFragment = graphql(`
  fragment SessionFields on SmsSession {
    id
    state
    capabilities
    participants {
      id
      participantId
      nickname
      type
    }
  }
`);

export const MessageFieldsFragment = graphql(`
  fragment MessageFields on SmsMessage {
    id
    index
    type
    visibility
    text
    url
    noticeText
    timestamp
    from {
      id
      participantId
      nickname
      type
    }
  }
`);

export const SignedInAgentDocument = graphql(`
  query SignedInAgent {
    me {
      id
      userName
      firstName
      lastName
      channels {
        ...ChannelFields
      }
    }
  }
`);

export const SmsSessionsDocument = graphql(`
  query SmsSessions {
    smsSessions {
      ...SessionFields
    }
  }
`);

export const TranscriptDocument = graphql(`
  query Transcript($id: ID!) {
    smsSession(id: $id) {
      id
      messages {
        ...MessageFields
      }
    }
  }
`);

export const DeskEventsDocument = graphql(`
  subscription DeskEvents($after: String) {
    smsSessionEvents(after: $after) {
      cursor
      sessionId
      notificationType
      ... on SmsSessionUpdated {
        session {
          ...SessionFields
        }
      }
      ... on SmsMessagesAdded {
        messages {
          ...MessageFields
        }
      }
      ... on SmsOperationFailed {
        errorMessage
      }
    }
  }
`);

export const StartShiftDocument = graphql(`
  mutation StartShift {
    startContactCenterSession(channels: ["sms"]) {
      statusCode
    }
  }
`);

export const EndShiftDocument = graphql(`
  mutation EndShift {
    endContactCenterSession {
      statusCode
    }
  }
`);

export const SetSmsStateDocument = graphql(`
  mutation SetSmsState($state: AgentChannelState!) {
    setAgentChannelState(channel: "sms", state: $state) {
      statusCode
    }
  }
`);

export const AcceptSessionDocument = graphql(`
  mutation AcceptSession($id: ID!, $nickname: String!) {
    acceptSmsSession(id: $id, nickname: $nickname) {
      sessionId
      outcome
    }
  }
`);

export const SendMessageDocument = graphql(`
  mutation SendMessage($id: ID!, $text: String!) {
    sendSmsMessage(id: $id, text: $text) {
      sessionId
      outcome
    }
  }
`);

export const CompleteSessionDocument = graphql(`
  mutation CompleteSession($id: ID!) {
    completeSmsSession(id: $id) {
      sessionId
      outcome
    }
  }
`);
