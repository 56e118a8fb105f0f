/**
 * The admin JSON API under `/_stratus/api` on the AWS endpoint port: what the CLI (and, later,
 * the web console) reads from a running Stratus. Read-only except where it says otherwise.
 *
 *   GET    /_stratus/api/outbox   messages SNS captured for email, email-json and sms subscribers
 *   DELETE /_stratus/api/outbox   empties the outbox
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

export interface AdminBackend {
  outbox(): Promise<unknown[]>;
  clearOutbox(): Promise<number>;
}

/** A request handler for `/_stratus/...`. */
export function createAdminApi(backend: AdminBackend) {
  return (
    req: IncomingMessage | Http2ServerRequest,
    res: ServerResponse | Http2ServerResponse,
  ): void => {
    const path = (req.url ?? '').split('?')[0];
    const reply = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const run = async (): Promise<void> => {
      if (path === '/_stratus/api/outbox' && req.method === 'GET') {
        reply(200, { messages: await backend.outbox() });
      } else if (path === '/_stratus/api/outbox' && req.method === 'DELETE') {
        reply(200, { deleted: await backend.clearOutbox() });
      } else {
        reply(404, { message: `no admin route ${req.method ?? ''} ${path ?? ''}` });
      }
    };
    run().catch((e: unknown) => reply(500, { message: (e as Error).message }));
  };
}
