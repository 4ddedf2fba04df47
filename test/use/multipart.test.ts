import type http from 'node:http';
import { wantsMultipart } from '../../src/use/multipart.js';

const withAccept = (accept?: string) =>
  ({ headers: accept === undefined ? {} : { accept } }) as http.IncomingMessage;

describe('the Accept of a multipart subscription', () => {
  it.each([
    'multipart/mixed;boundary=graphql;subscriptionSpec=1.0, application/graphql-response+json,application/json;q=0.9',
    'multipart/mixed;subscriptionSpec="1.0", application/graphql-response+json, application/json',
    'application/json, Multipart/Mixed; SubscriptionSpec=1.0',
  ])('is read in %s', (accept) => {
    expect(wantsMultipart(withAccept(accept))).toBe(true);
  });

  it.each([
    undefined,
    'application/json',
    '*/*',
    'multipart/mixed;deferSpec=20220824, application/json',
    'multipart/mixed;subscriptionSpec=2.0',
    'text/event-stream;subscriptionSpec=1.0',
  ])('is not read in %s', (accept) => {
    expect(wantsMultipart(withAccept(accept))).toBe(false);
  });
});
