import { connectGateway, type GatewayClient } from './client.js';
import { Desk, describeError } from './desk.js';
import { SignedInAgentDocument, StartShiftDocument } from './documents.js';
import { el } from './dom.js';

/** What the page that loads the desktop says about where the gateway is. */
interface DesktopConfig {
  gatewayUrl: string;
}

function readConfig(): DesktopConfig {
  const source = document.getElementById('web-desktop-config')?.textContent;
  const config = JSON.parse(source ?? 'null') as Partial<DesktopConfig> | null;
  if (typeof config?.gatewayUrl !== 'string') {
    throw new Error('The page carries no web-desktop-config with a gatewayUrl.');
  }
  return { gatewayUrl: config.gatewayUrl };
}

/** `Basic` credentials, UTF-8 encoded as RFC 7617 allows, which btoa alone cannot. */
function basicAuthorization(userName: string, password: string): string {
  const bytes = new TextEncoder().encode(`${userName}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

const config = readConfig();
const root = document.getElementById('app') as HTMLElement;

/** The sign-in form; on success it gives way to the desk, and the desk back to it at log-out. */
function showSignIn(): void {
  const userName = el('input', { name: 'username', autocomplete: 'username', required: true });
  const password = el('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const problem = el('p', { className: 'notice', hidden: true, attrs: { role: 'alert' } });
  const submit = el('button', { type: 'submit' }, 'Log in');
  const form = el(
    'form',
    {
      className: 'sign-in',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        submit.disabled = true;
        signIn(userName.value, password.value).catch((error: unknown) => {
          problem.textContent = describeError(error);
          problem.hidden = false;
          submit.disabled = false;
        });
      },
    },
    el('h1', {}, 'SMS desktop'),
    el('label', {}, 'User name', userName),
    el('label', {}, 'Password', password),
    submit,
    problem,
  );
  root.replaceChildren(form);
  userName.focus();
}

async function signIn(userName: string, password: string): Promise<void> {
  let desk: Desk | undefined;
  const gateway: GatewayClient = await connectGateway({
    url: config.gatewayUrl,
    authorization: basicAuthorization(userName, password),
    onLiveStatus: (status) => desk?.setLive(status),
  });
  try {
    // The agent's contact-centre session: a channel already logged in to keeps its state.
    await gateway.apollo.mutate({ mutation: StartShiftDocument });
    const { data } = await gateway.apollo.query({ query: SignedInAgentDocument });
    if (!data) throw new Error('The gateway did not say who signed in.');
    desk = new Desk({ gateway, agent: data.me, onLoggedOut: showSignIn });
  } catch (error) {
    gateway.dispose();
    throw error;
  }
  root.replaceChildren(desk.element);
  desk.start();
}

showSignIn();
