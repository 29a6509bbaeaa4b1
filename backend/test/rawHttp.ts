import { connect } from 'node:net';

export type RawReply = {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole reply as it came off the socket. */
  raw: string;
};

/**
 * Writes `chunks` to a fresh TCP connection to `port` as they are, waits until the server closes the
 * connection, and parses what came back as one HTTP/1.1 reply. The request may stop halfway (a head
 * announcing a body that never comes): the server's answer is read all the same.
 */
export function rawExchange(port: number, chunks: readonly (string | Buffer)[]): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may reset a connection it refused while we still write; what it sent still counts.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      const raw = Buffer.concat(received).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0)
        return reject(new Error(`no HTTP reply before the connection closed: ${JSON.stringify(raw)}`));
      const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(split + 4), raw });
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}
