/**
 * One TCP listener that speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge, as the AWS SDK's
 * HTTP/2 handler uses it) on the same socket: the first bytes of a connection decide which
 * protocol server takes it.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { createServer as createNetServer, type Socket } from 'node:net';
import { StratusError } from '../core/errors.js';

export type RequestHandler = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => void;

export interface Listener {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Starts listening on `host:port`; fails with ERR_PORT_IN_USE / ERR_LISTEN. */
export async function listen(
  handler: RequestHandler,
  port: number,
  host: string,
  label: string,
): Promise<Listener> {
  // Node's default requestTimeout (5 min) stays, so an endless upload cannot hold a socket.
  const http1 = createHttpServer({ keepAliveTimeout: 65_000 }, handler);
  // A request Node's parser rejects never reaches the handler: answer 400 and close, as a
  // front-end proxy would, instead of resetting the connection.
  http1.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const http2 = createHttp2Server({}, handler);
  const sockets = new Set<Socket>();

  const net = createNetServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('error', () => socket.destroy());
    socket.once('readable', () => {
      const head = socket.read(H2_PREFACE.length) as Buffer | null;
      const first = head ?? (socket.read() as Buffer | null);
      if (first === null) {
        // Not enough bytes yet (or the peer closed): HTTP/1.1 parsing handles partial heads.
        http1.emit('connection', socket);
        return;
      }
      socket.unshift(first);
      const isH2 =
        first.length >= H2_PREFACE.length
          ? first.subarray(0, H2_PREFACE.length).equals(H2_PREFACE)
          : false;
      (isH2 ? http2 : http1).emit('connection', socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    net.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new StratusError(
              'ERR_PORT_IN_USE',
              `${label} port ${port} on ${host} is already in use; pass another port`,
            )
          : new StratusError(
              'ERR_LISTEN',
              `cannot listen for ${label} on ${host}:${port}: ${e.message}`,
              { cause: e },
            ),
      );
    });
    net.listen(port, host, () => resolve());
  });
  const address = net.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;

  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        net.close(() => resolve());
        http1.closeAllConnections();
        http2.close();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
