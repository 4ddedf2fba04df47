import type { DemoAgent } from './directory.js';
import { SEED_SESSION_IDS } from './seed.js';

/** What a playground opens with: the credentials it sends, and one tab per operation. */
export interface DemoPlayground {
  readonly authorization: string;
  operations: { query: string }[];
}

/**
 * What the gateway's playground opens with when the simulator is its upstream: a demo agent's
 * credentials and one tab per example operation, on the simulator's own seed sessions.
 */
export function demoPlayground(agent: DemoAgent): DemoPlayground {
  return {
    authorization: `Basic ${Buffer.from(`${agent.userName}:${agent.password}`).toString('base64')}`,
    operations: [
      {
        query: `query MySessions {
  smsSessions {
    id
    state
    participants {
      nickname
      type
    }
  }
}
`,
      },
      {
        query: `mutation InviteSeedContact {
  inviteToSmsSession(
    id: "${SEED_SESSION_IDS.testnameConversation}"
    targetUri: "http://localhost:8080/api/v2/contacts/429a55994ef64991a77acb77c1cf9041"
  ) {
    sessionId
    statusCode
    referenceId
  }
}
`,
      },
      {
        query: `subscription MySessionEvents {
  smsSessionEvents {
    __typename
    sessionId
    notificationType
    ... on SmsMessagesAdded {
      messages {
        index
        type
        text
      }
    }
  }
}
`,
      },
    ],
  };
}
