import type { PlaygroundPrefill } from './playground/index.js';
import { SEED_SESSION_IDS, type DemoAgent } from './simulator/index.js';

/** What the playground opens with when the upstream is the embedded simulator: a demo agent's
 * credentials and one tab per example operation. */
export function simulatorPlaygroundPrefill(agent: DemoAgent): PlaygroundPrefill {
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
