import { connect, createServer, type Server, type Socket } from 'node:net';

/** What the proxy does with a connection while it listens. */
export type ProxyMode =
  /** Pass bytes both ways. */
  | 'forward'
  /** Pass the request to the server, then cut the connection as the reply starts: stored, never acknowledged. */
  | 'drop-replies';

/**
 * A TCP forwarder in front of a server, for outages on demand: `stop()` closes its port (connections are
 * refused), `start()` opens the same port again; `mode` decides what happens to connections meanwhile.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let mode: ProxyMode = 'forward';
  let droppedReplies = 0;
  let port = 0;
  let server: Server | undefined;

  function track(socket: Socket) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  function handle(client: Socket) {
    track(client);
    const upstream = connect(target.port, target.host);
    track(upstream);
    const connectionMode = mode;
    client.pipe(upstream);
    if (connectionMode === 'forward') {
      upstream.pipe(client);
    } else {
      upstream.once('data', () => {
        droppedReplies++;
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async function start(): Promise<void> {
    const listening = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    const address = listening.address();
    if (typeof address === 'object' && address) port = address.port;
    server = listening;
  }

  async function stop(): Promise<void> {
    const listening = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
  }

  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get droppedReplies() {
      return droppedReplies;
    },
    setMode(next: ProxyMode) {
      mode = next;
      // Kept-alive connections would go on in the old mode.
      for (const socket of sockets) socket.destroy();
    },
    start,
    stop,
  };
}
