import type { GraphQLError } from 'graphql';
import type { WireMessage } from '../../src/gws/index.js';
import {
  pageRequest,
  readTranscriptPage,
  transcriptCursor,
  type PageRequest,
} from '../../src/graphql/transcript.js';

const SESSION = 'S1';

/** A GWS transcript read by index, counting the reads. */
function transcriptOf(indices: number[]) {
  const entries: WireMessage[] = indices.map((index) => ({ index, type: 'Text' }));
  const reads: [number, number][] = [];
  const read = (startIndex: number, count: number) => {
    reads.push([startIndex, count]);
    const from = entries.filter((entry) => entry.index >= startIndex);
    return Promise.resolve(count === 0 ? from : from.slice(0, count));
  };
  return { read, reads };
}

async function pageOf(indices: number[], request: PageRequest) {
  const { read, reads } = transcriptOf(indices);
  const page = await readTranscriptPage(request, read);
  return { ...page, indices: page.entries.map((entry) => entry.index), reads };
}

function refusal(args: Parameters<typeof pageRequest>[1]): unknown {
  try {
    pageRequest(SESSION, args);
  } catch (error) {
    return { code: (error as GraphQLError).extensions.code, message: (error as Error).message };
  }
  return undefined;
}

describe('pageRequest', () => {
  it('reads cursors as indices, and defaults to the first 20', () => {
    expect(pageRequest(SESSION, {})).toEqual({
      direction: 'forward',
      size: 20,
      after: 0,
      before: undefined,
    });
    expect(
      pageRequest(SESSION, {
        last: 5,
        before: transcriptCursor(SESSION, 40),
        after: transcriptCursor(SESSION, 3),
      }),
    ).toEqual({ direction: 'backward', size: 5, after: 3, before: 40 });
  });

  it.each([
    ['first and last', { first: 1, last: 1 }, /not both/],
    ['first over 100', { first: 101 }, /first must be from 0 to 100/],
    ['a negative last', { last: -1 }, /last must be from 0 to 100/],
    ['a cursor that is not base64 JSON', { after: '!!' }, /not a transcript cursor/],
    [
      'a cursor of another kind',
      { after: Buffer.from('["SmsMessage","S1",3]').toString('base64url') },
      /not a transcript cursor/,
    ],
    ['a cursor of another session', { before: transcriptCursor('S2', 3) }, /another session/],
    ['a cursor of index 0', { after: transcriptCursor(SESSION, 0) }, /not a transcript cursor/],
    ['a very long cursor', { after: 'A'.repeat(5_000) }, /not a transcript cursor/],
  ])('refuses %s', (_case, args, message) => {
    expect(refusal(args)).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(message),
    });
  });
});

describe('readTranscriptPage', () => {
  const forward = (size: number, after = 0, before?: number): PageRequest => ({
    direction: 'forward',
    size,
    after,
    before,
  });
  const backward = (size: number, before?: number, after = 0): PageRequest => ({
    direction: 'backward',
    size,
    after,
    before,
  });

  it('pages forward in one read of one more than the page', async () => {
    expect(await pageOf([1, 2, 4, 5, 7], forward(2, 2))).toMatchObject({
      indices: [4, 5],
      hasNextPage: true,
      hasPreviousPage: true,
      totalCount: null,
      reads: [[3, 3]],
    });
    expect(await pageOf([1, 2, 4], forward(5))).toMatchObject({
      indices: [1, 2, 4],
      hasNextPage: false,
      hasPreviousPage: false,
      totalCount: 3,
      reads: [[1, 6]],
    });
    // A first page that the transcript fills exactly ends it; one it overfills says no total.
    expect(await pageOf([1, 2, 4], forward(3))).toMatchObject({
      indices: [1, 2, 4],
      hasNextPage: false,
      totalCount: 3,
    });
    expect(await pageOf([1, 2, 4, 5], forward(3))).toMatchObject({
      indices: [1, 2, 4],
      hasNextPage: true,
      totalCount: null,
    });
    // Read from past the start, a short answer ends the transcript but does not count it.
    expect(await pageOf([1, 2, 4], forward(5, 2))).toMatchObject({
      indices: [4],
      hasNextPage: false,
      totalCount: null,
    });
    expect(await pageOf([1, 2, 4, 5, 7], forward(5, 1, 5))).toMatchObject({
      indices: [2, 4],
      hasNextPage: true,
    });
  });

  it('pages back from the end in one read of the whole transcript', async () => {
    expect(await pageOf([1, 2, 4, 5, 7], backward(2))).toMatchObject({
      indices: [5, 7],
      hasNextPage: false,
      hasPreviousPage: true,
      totalCount: 5,
      reads: [[1, 0]],
    });
  });

  it('pages back from the end after a cursor, with what precedes the cursor before it', async () => {
    expect(await pageOf([1, 2, 4, 5, 7], backward(5, undefined, 2))).toMatchObject({
      indices: [4, 5, 7],
      hasNextPage: false,
      hasPreviousPage: true,
      totalCount: 5,
    });
  });

  it('pages back from a cursor in one read without gaps, two with them', async () => {
    expect(await pageOf([1, 2, 3, 4, 5, 6], backward(2, 6))).toMatchObject({
      indices: [4, 5],
      hasNextPage: true,
      hasPreviousPage: true,
      reads: [[3, 3]],
    });
    expect(await pageOf([1, 2, 3, 9, 10], backward(2, 10))).toMatchObject({
      indices: [3, 9],
      hasPreviousPage: true,
      reads: [
        [7, 3],
        [1, 6],
      ],
    });
    // Between two cursors: nothing at or before `after` is read, and what it passes over precedes.
    expect(await pageOf([1, 2, 3, 4, 5, 6], backward(2, 6, 3))).toMatchObject({
      indices: [4, 5],
      hasPreviousPage: true,
      reads: [[4, 2]],
    });
    expect(await pageOf([1, 9], backward(3, 9))).toMatchObject({
      indices: [1],
      hasPreviousPage: false,
      reads: [
        [5, 4],
        [1, 4],
      ],
    });
  });

  it('reads nothing for a range that holds no index', async () => {
    expect(await pageOf([1, 2, 3], backward(2, 4, 3))).toMatchObject({
      indices: [],
      reads: [],
    });
  });

  it('knows the total from a GWS that ignores count', async () => {
    const everything: WireMessage[] = [1, 2, 4, 5].map((index) => ({ index, type: 'Text' }));
    const page = await readTranscriptPage(forward(2), () => Promise.resolve(everything));
    expect(page).toMatchObject({ hasNextPage: true, totalCount: 4 });
  });

  it('drops what GWS sends outside the page, twice over or out of order', async () => {
    const everything: WireMessage[] = [5, 1, 2, 2, 4].map((index) => ({ index, type: 'Text' }));
    const page = await readTranscriptPage(forward(2, 1), () => Promise.resolve(everything));
    expect(page.entries.map((entry) => entry.index)).toEqual([2, 4]);
    expect(page.hasNextPage).toBe(true);
  });
});
