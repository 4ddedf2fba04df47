import { graphql } from './gql/index.js';

export const ChannelFieldsFragment = graphql(`
  fragment ChannelFields on AgentChannel {
    channel
    state
    stateId
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

export const FindContactsDocument = graphql(`
  query FindContacts($search: String!, $first: Int!) {
    contacts(search: $search, first: $first) {
      edges {
        node {
          id
          name
          type
          availability {
            channel
            available
          }
        }
      }
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

export const AgentStatesDocument = graphql(`
  query AgentStates {
    agentStates {
      id
      displayName
      state
    }
  }
`);

export const AgentChannelEventsDocument = graphql(`
  subscription AgentChannelEvents {
    agentChannelEvents {
      channels {
        ...ChannelFields
      }
    }
  }
`);

/** The page of the transcript before `before`, or its last page. */
export const TranscriptPageDocument = graphql(`
  query TranscriptPage($id: ID!, $last: Int!, $before: String) {
    smsSession(id: $id) {
      id
      transcript(last: $last, before: $before) {
        edges {
          node {
            ...MessageFields
          }
        }
        pageInfo {
          hasPreviousPage
          startCursor
        }
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
  mutation SetSmsState($state: AgentChannelState!, $reason: ID!) {
    setAgentChannelState(channel: "sms", state: $state, reason: $reason) {
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

export const InviteContactDocument = graphql(`
  mutation InviteContact($id: ID!, $contactId: ID!) {
    inviteToSmsSession(id: $id, target: { contactId: $contactId }) {
      sessionId
      outcome
    }
  }
`);

export const TransferToContactDocument = graphql(`
  mutation TransferToContact($id: ID!, $contactId: ID!) {
    transferSmsSession(id: $id, target: { contactId: $contactId }) {
      sessionId
      outcome
    }
  }
`);
