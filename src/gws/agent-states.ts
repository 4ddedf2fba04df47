import type { WireChannelStateRequest } from './wire.js';

/**
 * The agent-states settings (`GET /api/v2/settings/agent-states`), read tolerantly: GWS documents
 * none of their fields. Clients read an id, a displayName, a state and the operationName to send
 * (reference §7.1); the reason travels in fields whose names differ by medium and version, so each
 * plausible one a setting carries is sent as it is, and nothing else.
 */

/** A state a desktop can set, and the body that sets it. */
export interface AgentStateSetting {
  readonly id: string;
  readonly displayName: string;
  /** GWS's state (Ready, NotReady, …); undefined when the setting says none. */
  readonly state: string | undefined;
  readonly request: WireChannelStateRequest;
}

/** Why a setting cannot be offered: which field was unusable, and its value. */
export interface UnusableSetting {
  readonly field: string;
  readonly value: unknown;
}

/** An operation name as GWS spells them (Ready, NotReady): it goes upstream as sent. */
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const MAX_REASON_LENGTH = 256;
const MAX_REASON_PAIRS = 32;

/** The reason fields a setting may carry, each with the values it may take. */
const REASON_FIELDS: Readonly<Record<string, (value: unknown) => boolean>> = {
  reason: isShortText,
  reasonCode: (value) => isShortText(value) || Number.isSafeInteger(value),
  workMode: isShortText,
  reasons: isReasonPairs,
};

/** The setting as a state to offer, or what makes it unusable. */
export function readAgentStateSetting(setting: unknown): AgentStateSetting | UnusableSetting {
  if (!isObject(setting)) return { field: 'setting', value: setting };
  const id = identifier(setting.id) ?? identifier(setting.name);
  if (id === undefined) return { field: 'id', value: setting.id };
  const state =
    typeof setting.state === 'string' && setting.state !== '' ? setting.state : undefined;
  // Without an operationName, the state names the operation (Ready, NotReady), as GWS's own are.
  const operationName = setting.operationName ?? state;
  if (typeof operationName !== 'string' || !OPERATION_NAME.test(operationName)) {
    return { field: 'operationName', value: setting.operationName };
  }
  const request: WireChannelStateRequest = { operationName };
  for (const [field, usable] of Object.entries(REASON_FIELDS)) {
    const value = setting[field];
    if (value === undefined || value === null) continue;
    if (!usable(value)) return { field, value };
    request[field] = value;
  }
  const displayName =
    typeof setting.displayName === 'string' && setting.displayName !== ''
      ? setting.displayName
      : id;
  return { id, displayName, state: state ?? operationName, request };
}

export function isUnusable(read: AgentStateSetting | UnusableSetting): read is UnusableSetting {
  return 'field' in read;
}

function identifier(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '' && value.length <= MAX_REASON_LENGTH) return value;
  return Number.isSafeInteger(value) ? String(value) : undefined;
}

function isShortText(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && value.length <= MAX_REASON_LENGTH;
}

function isReasonPairs(value: unknown): boolean {
  if (!isObject(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_REASON_PAIRS &&
    entries.every(
      ([key, pair]) =>
        key.length <= MAX_REASON_LENGTH && (isShortText(pair) || Number.isFinite(pair)),
    )
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
