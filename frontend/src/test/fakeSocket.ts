import type { SocketLike } from '../hooks/useRealtimeUpdates.ts';

/** A WebSocket stand-in the test drives by hand: open it, push messages, drop it. */
export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  isClosed = false;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  static create = (url: string): SocketLike => new FakeSocket(url);

  static latest(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  open() {
    this.onopen?.(new Event('open'));
  }

  send(message: unknown) {
    this.onmessage?.(
      new MessageEvent('message', { data: typeof message === 'string' ? message : JSON.stringify(message) }),
    );
  }

  /** The server (or the network) dropped the connection. */
  drop() {
    this.isClosed = true;
    this.onclose?.(new CloseEvent('close', { code: 1006 }));
  }

  close() {
    this.isClosed = true;
  }
}
