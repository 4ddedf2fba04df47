/**
 * A connection's own listener table (CoalescingWebSocket, src/use/ws-internals.ts) behaves as
 * EventEmitter's: each listener is called, no other event name finds one, and one removed is gone.
 * It relies on EventEmitter reading `_events` by event name: a Node release that changes that
 * fails here.
 */
import { GraphQLSocket } from '../../src/use/ws-connection.js';

/** A server-side connection as ws's server makes it, never connected. */
function unconnected(): GraphQLSocket {
  return new GraphQLSocket(null, undefined, { autoPong: true });
}

describe('GraphQLSocket listeners', () => {
  it('calls the listeners of the events a connection is listened to for, and of no other', () => {
    const socket = unconnected();
    const heard: string[] = [];
    socket.on('message', (data: string) => heard.push(`message ${data}`));
    socket.on('pong', () => heard.push('pong'));
    socket.on('close', (code: number) => heard.push(`close ${code}`));
    socket.on('close', () => heard.push('close again'));

    expect(socket.emit('message', 'hello')).toBe(true);
    expect(socket.emit('pong')).toBe(true);
    expect(socket.emit('close', 1000)).toBe(true);
    expect(socket.emit('toString')).toBe(false);
    // As EventEmitter's: an error no one listens to is thrown.
    expect(() => socket.emit('error', new Error('unheard'))).toThrow('unheard');
    expect(heard).toEqual(['message hello', 'pong', 'close 1000', 'close again']);
    expect(socket.listenerCount('error')).toBe(0);
  });

  it('forgets a listener removed', () => {
    const socket = unconnected();
    const heard: string[] = [];
    const listener = (): number => heard.push('error');
    socket.on('error', listener);
    socket.off('error', listener);
    expect(socket.listenerCount('error')).toBe(0);
    socket.on('error', listener);
    socket.emit('error', new Error('heard'));
    expect(heard).toEqual(['error']);
  });
});
