import { GwsError } from './errors.js';
import { assertTargetPath, assertTargetUri } from './validate.js';
import type { WireOperationRequest, WireUserData } from './wire.js';

/**
 * The bodies of the SMS Session API operations (`POST /api/v2/me/smssessions/{id}`): exactly the
 * documented `operationName` and parameters, each checked first, so a request GWS would refuse for
 * its shape never leaves the gateway. Every builder throws GwsError `invalid_input`.
 */

/** Longest text, URL, notice or nickname sent; GWS documents no limit, an SMS is far shorter. */
const MAX_TEXT_LENGTH = 4096;
const MAX_NAME_LENGTH = 256;
const MAX_URL_LENGTH = 2048;
const MAX_USER_DATA_KEYS = 100;

function invalid(message: string): GwsError {
  return new GwsError('invalid_input', message);
}

function text(name: string, value: string, maxLength = MAX_TEXT_LENGTH): string {
  if (value.trim() === '') throw invalid(`${name} must not be empty.`);
  if (value.length > maxLength) throw invalid(`${name} must be at most ${maxLength} characters.`);
  return value;
}

/** Optional parameters are left out of the body when absent, never sent as null. */
function optional<T>(name: string, value: T | null | undefined): Record<string, T> {
  return value === null || value === undefined ? {} : { [name]: value };
}

function optionalName(name: string, value: string | null | undefined): Record<string, string> {
  return value === null || value === undefined
    ? {}
    : { [name]: text(name, value, MAX_NAME_LENGTH) };
}

function httpUrl(name: string, value: string): string {
  text(name, value, MAX_URL_LENGTH);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${name} must be an absolute http(s) URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`${name} must be an absolute http(s) URL.`);
  }
  return value;
}

type Given<T> = T | null | undefined;

/** Exactly one of the named targets, validated. */
function oneTarget(targets: {
  targetUri?: Given<string>;
  targetPath?: Given<string>;
  queueName?: Given<string>;
}): Record<string, string> {
  const given = Object.entries(targets).filter(
    (entry): entry is [string, string] => entry[1] !== null && entry[1] !== undefined,
  );
  if (given.length !== 1) {
    throw invalid(`Give exactly one of ${Object.keys(targets).join(', ')}.`);
  }
  const [name, value] = given[0] as [string, string];
  if (name === 'targetUri') assertTargetUri(value);
  else if (name === 'targetPath') assertTargetPath(value);
  else text(name, value, MAX_NAME_LENGTH);
  return { [name]: value };
}

function userData(value: Record<string, unknown>): WireUserData {
  const entries = Object.entries(value);
  if (entries.length === 0) throw invalid('userData must have at least one key.');
  if (entries.length > MAX_USER_DATA_KEYS) {
    throw invalid(`userData must have at most ${MAX_USER_DATA_KEYS} keys.`);
  }
  for (const [key, entry] of entries) {
    text('A userData key', key, MAX_NAME_LENGTH);
    const isNumber = typeof entry === 'number' && Number.isFinite(entry);
    if (typeof entry !== 'string' && !isNumber) {
      throw invalid(`userData.${key} must be a string or a number.`);
    }
    if (typeof entry === 'string' && entry.length > MAX_TEXT_LENGTH) {
      throw invalid(`userData.${key} must be at most ${MAX_TEXT_LENGTH} characters.`);
    }
  }
  return value as WireUserData;
}

function keys(value: readonly string[]): string[] {
  if (value.length === 0) throw invalid('keys must name at least one key.');
  if (value.length > MAX_USER_DATA_KEYS) {
    throw invalid(`keys must name at most ${MAX_USER_DATA_KEYS} keys.`);
  }
  for (const key of value) text('A key', key, MAX_NAME_LENGTH);
  return [...value];
}

export const smsOperations = {
  accept: (p: { nickname: string; saveLAR?: Given<boolean> }): WireOperationRequest => ({
    operationName: 'Accept',
    nickname: text('nickname', p.nickname, MAX_NAME_LENGTH),
    ...optional('saveLAR', p.saveLAR),
  }),
  reject: (): WireOperationRequest => ({ operationName: 'Reject' }),
  complete: (p: { queueName?: Given<string>; saveLAR?: Given<boolean> }): WireOperationRequest => ({
    operationName: 'Complete',
    ...optionalName('queueName', p.queueName),
    ...optional('saveLAR', p.saveLAR),
  }),
  leave: (): WireOperationRequest => ({ operationName: 'Leave' }),
  transfer: (p: {
    targetUri?: Given<string>;
    targetPath?: Given<string>;
    queueName?: Given<string>;
  }): WireOperationRequest => ({
    operationName: 'Transfer',
    ...oneTarget({ targetUri: p.targetUri, targetPath: p.targetPath, queueName: p.queueName }),
  }),
  setInFocus: (): WireOperationRequest => ({ operationName: 'SetInFocus' }),
  sendMessage: (p: { text: string }): WireOperationRequest => ({
    operationName: 'SendMessage',
    text: text('text', p.text),
  }),
  sendUrl: (p: { url: string }): WireOperationRequest => ({
    operationName: 'SendUrl',
    url: httpUrl('url', p.url),
  }),
  sendToAgents: (p: { text: string }): WireOperationRequest => ({
    operationName: 'SendToAgents',
    text: text('text', p.text),
  }),
  sendCustomNotice: (p: { noticeText: string }): WireOperationRequest => ({
    operationName: 'SendCustomNotice',
    noticeText: text('noticeText', p.noticeText),
  }),
  sendCustomNoticeToAgents: (p: { noticeText: string }): WireOperationRequest => ({
    operationName: 'SendCustomNoticeToAgents',
    noticeText: text('noticeText', p.noticeText),
  }),
  startTyping: (p: { toAgents?: Given<boolean> }): WireOperationRequest => ({
    operationName: p.toAgents
      ? 'SendStartTypingToAgentsNotification'
      : 'SendStartTypingNotification',
  }),
  stopTyping: (p: { toAgents?: Given<boolean> }): WireOperationRequest => ({
    operationName: p.toAgents ? 'SendStopTypingToAgentsNotification' : 'SendStopTypingNotification',
  }),
  invite: (p: { targetUri?: Given<string>; targetPath?: Given<string> }): WireOperationRequest => ({
    operationName: 'Invite',
    ...oneTarget({ targetUri: p.targetUri, targetPath: p.targetPath }),
  }),
  consult: (p: {
    targetUri?: Given<string>;
    targetPath?: Given<string>;
  }): WireOperationRequest => ({
    operationName: 'Consult',
    ...oneTarget({ targetUri: p.targetUri, targetPath: p.targetPath }),
  }),
  cancelConsult: (): WireOperationRequest => ({ operationName: 'CancelConsult' }),
  removeParticipant: (p: { targetUri: string }): WireOperationRequest => {
    assertTargetUri(p.targetUri);
    return { operationName: 'RemoveParticipantFromConference', targetUri: p.targetUri };
  },
  setDisposition: (p: {
    disposition: string;
    dispositionKey?: Given<string>;
  }): WireOperationRequest => ({
    operationName: 'SetDisposition',
    disposition: text('disposition', p.disposition, MAX_NAME_LENGTH),
    ...optionalName('dispositionKey', p.dispositionKey),
  }),
  attachUserData: (p: { userData: Record<string, unknown> }): WireOperationRequest => ({
    operationName: 'AttachUserData',
    userData: userData(p.userData),
  }),
  updateUserData: (p: { userData: Record<string, unknown> }): WireOperationRequest => ({
    operationName: 'UpdateUserData',
    userData: userData(p.userData),
  }),
  deleteUserData: (p: { keys: readonly string[] }): WireOperationRequest => ({
    operationName: 'DeleteUserData',
    keys: keys(p.keys),
  }),
};
