import { GwsError } from './errors.js';
import {
  assertChannelName,
  assertTargetPath,
  assertTargetUri,
  assertText,
  type TextLayout,
} from './validate.js';
import type { GwsOperationName, WireOperationRequest, WireUserData } from './wire.js';

/**
 * The bodies of the operations the gateway sends: SMS Session API operations
 * (`POST /api/v2/me/smssessions/{id}`) and the agent's presence (`POST /api/v2/me`,
 * `POST /api/v2/me/channels/{channel}`). Exactly the documented `operationName` and parameters,
 * each checked first, so a request GWS would refuse for its shape never leaves the gateway. Every
 * builder throws GwsError `invalid_input`.
 */

/**
 * Longest text, URL, notice or nickname sent, in characters (code points; see `assertText`); GWS
 * documents no limit, an SMS is far shorter.
 */
const MAX_TEXT_LENGTH = 4096;
const MAX_NAME_LENGTH = 256;
const MAX_URL_LENGTH = 2048;
const MAX_USER_DATA_KEYS = 100;
/** GWS names a handful of media channels (voice, chat, email, sms, …). */
const MAX_CHANNELS = 32;

function invalid(message: string): GwsError {
  return new GwsError('invalid_input', message);
}

/** A string parameter that must say something: not empty, nor only white space. */
function nonEmpty(argument: string, value: string, layout: TextLayout, maxLength: number): string {
  if (value.trim() === '') throw invalid(`${argument} must not be empty.`);
  assertText(argument, value, layout, maxLength);
  return value;
}

/** A message or notice: several lines allowed. */
function text(argument: string, value: string): string {
  return nonEmpty(argument, value, 'text', MAX_TEXT_LENGTH);
}

/** A name or key: one line. */
function line(argument: string, value: string): string {
  return nonEmpty(argument, value, 'line', MAX_NAME_LENGTH);
}

/** Optional parameters are left out of the body when absent, never sent as null. */
function optional<T>(name: string, value: T | null | undefined): Record<string, T> {
  return value === null || value === undefined ? {} : { [name]: value };
}

function optionalName(name: string, value: string | null | undefined): Record<string, string> {
  return value === null || value === undefined ? {} : { [name]: line(name, value) };
}

function httpUrl(name: string, value: string): string {
  // Checked as sent: the URL parser would drop a tab or line break, and accept the URL.
  nonEmpty(name, value, 'line', MAX_URL_LENGTH);
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
  else line(name, value);
  return { [name]: value };
}

function userData(value: Record<string, unknown>): WireUserData {
  const entries = Object.entries(value);
  if (entries.length === 0) throw invalid('userData must have at least one key.');
  if (entries.length > MAX_USER_DATA_KEYS) {
    throw invalid(`userData must have at most ${MAX_USER_DATA_KEYS} keys.`);
  }
  for (const [key, entry] of entries) {
    line('A key of userData', key);
    const isNumber = typeof entry === 'number' && Number.isFinite(entry);
    if (typeof entry !== 'string' && !isNumber) {
      throw invalid(`userData.${key} must be a string or a number.`);
    }
    // A value may be empty (GWS keeps the key), and may run over lines as a text does.
    if (typeof entry === 'string') assertText(`userData.${key}`, entry, 'text', MAX_TEXT_LENGTH);
  }
  return value as WireUserData;
}

function channels(value: readonly string[]): string[] {
  if (value.length === 0) throw invalid('channels must name at least one channel.');
  if (value.length > MAX_CHANNELS) throw invalid(`channels must name at most ${MAX_CHANNELS}.`);
  for (const channel of value) assertChannelName(channel);
  if (new Set(value).size !== value.length) throw invalid('channels must not repeat a channel.');
  return [...value];
}

function keys(value: readonly string[]): string[] {
  if (value.length === 0) throw invalid('keys must name at least one key.');
  if (value.length > MAX_USER_DATA_KEYS) {
    throw invalid(`keys must name at most ${MAX_USER_DATA_KEYS} keys.`);
  }
  value.forEach((key, index) => line(`keys[${index}]`, key));
  return [...value];
}

type Build<N extends GwsOperationName> = (parameters: never) => WireOperationRequest<N>;

/**
 * One builder per operationName, checked by the compiler to cover {@link GwsOperationName}: an
 * operation added there and not here does not compile.
 */
export const operationRequests = {
  Accept: (p: { nickname: string; saveLAR?: Given<boolean> }) => ({
    operationName: 'Accept',
    nickname: line('nickname', p.nickname),
    ...optional('saveLAR', p.saveLAR),
  }),
  Reject: () => ({ operationName: 'Reject' }),
  Complete: (p: { queueName?: Given<string>; saveLAR?: Given<boolean> }) => ({
    operationName: 'Complete',
    ...optionalName('queueName', p.queueName),
    ...optional('saveLAR', p.saveLAR),
  }),
  Leave: () => ({ operationName: 'Leave' }),
  // No page documents it (SMSResources' capability list alone names it): no parameters are sent.
  LeaveAndComplete: () => ({ operationName: 'LeaveAndComplete' }),
  // No SMS page documents Transfer: its parameters follow the chat sibling's single-step transfer
  // (ChatSingleStepTransfer: targetUri or queueName) plus the targetPath SMS Invite and Consult take.
  Transfer: (p: {
    targetUri?: Given<string>;
    targetPath?: Given<string>;
    queueName?: Given<string>;
  }) => ({
    operationName: 'Transfer',
    ...oneTarget({ targetUri: p.targetUri, targetPath: p.targetPath, queueName: p.queueName }),
  }),
  SetInFocus: () => ({ operationName: 'SetInFocus' }),
  SendMessage: (p: { text: string }) => ({
    operationName: 'SendMessage',
    text: text('text', p.text),
  }),
  SendUrl: (p: { url: string }) => ({
    operationName: 'SendUrl',
    url: httpUrl('url', p.url),
  }),
  SendToAgents: (p: { text: string }) => ({
    operationName: 'SendToAgents',
    text: text('text', p.text),
  }),
  SendCustomNotice: (p: { noticeText: string }) => ({
    operationName: 'SendCustomNotice',
    noticeText: text('noticeText', p.noticeText),
  }),
  SendCustomNoticeToAgents: (p: { noticeText: string }) => ({
    operationName: 'SendCustomNoticeToAgents',
    noticeText: text('noticeText', p.noticeText),
  }),
  SendStartTypingNotification: () => ({ operationName: 'SendStartTypingNotification' }),
  SendStopTypingNotification: () => ({ operationName: 'SendStopTypingNotification' }),
  SendStartTypingToAgentsNotification: () => ({
    operationName: 'SendStartTypingToAgentsNotification',
  }),
  SendStopTypingToAgentsNotification: () => ({
    operationName: 'SendStopTypingToAgentsNotification',
  }),
  Invite: (p: { targetUri?: Given<string>; targetPath?: Given<string> }) => ({
    operationName: 'Invite',
    ...oneTarget({ targetUri: p.targetUri, targetPath: p.targetPath }),
  }),
  Consult: (p: { targetUri?: Given<string>; targetPath?: Given<string> }) => ({
    operationName: 'Consult',
    ...oneTarget({ targetUri: p.targetUri, targetPath: p.targetPath }),
  }),
  CancelConsult: () => ({ operationName: 'CancelConsult' }),
  RemoveParticipantFromConference: (p: { targetUri: string }) => {
    assertTargetUri(p.targetUri);
    return { operationName: 'RemoveParticipantFromConference', targetUri: p.targetUri };
  },
  SetDisposition: (p: { disposition: string; dispositionKey?: Given<string> }) => ({
    operationName: 'SetDisposition',
    disposition: line('disposition', p.disposition),
    ...optionalName('dispositionKey', p.dispositionKey),
  }),
  AttachUserData: (p: { userData: Record<string, unknown> }) => ({
    operationName: 'AttachUserData',
    userData: userData(p.userData),
  }),
  UpdateUserData: (p: { userData: Record<string, unknown> }) => ({
    operationName: 'UpdateUserData',
    userData: userData(p.userData),
  }),
  DeleteUserData: (p: { keys: readonly string[] }) => ({
    operationName: 'DeleteUserData',
    keys: keys(p.keys),
  }),
  StartContactCenterSession: (p: { channels: readonly string[]; place?: Given<string> }) => ({
    operationName: 'StartContactCenterSession',
    channels: channels(p.channels),
    ...optionalName('place', p.place),
  }),
  EndContactCenterSession: () => ({ operationName: 'EndContactCenterSession' }),
  Ready: () => ({ operationName: 'Ready' }),
  NotReady: () => ({ operationName: 'NotReady' }),
} satisfies { readonly [N in GwsOperationName]: Build<N> };
