/** POSTs one SNS message to an HTTP/S subscriber (§12.3) and classifies the outcome. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../../core/clock.js';

/** SNS gives each attempt 15 s (SNS-DG "Make sure your endpoint is ready…"). */
export const HTTP_ATTEMPT_TIMEOUT_MS = 15_000;

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpPostOptions {
  clock: Clock;
  timeoutMs?: number;
  /** Accept self-signed HTTPS endpoints when false. */
  rejectUnauthorized?: boolean;
}

/** The outcome of one attempt: `delivered` for 200–499, `failed` (retry) otherwise. */
export type HttpOutcome =
  { result: 'delivered'; status: number } | { result: 'failed'; reason: string };

/** Sends one POST; never throws. */
export function postToEndpoint(post: HttpPost, options: HttpPostOptions): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(post.url);
    } catch {
      resolve({ result: 'failed', reason: `invalid endpoint URL ${post.url}` });
      return;
    }
    const body = Buffer.from(post.body, 'utf8');
    let settled = false;
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      timer.cancel();
      resolve(outcome);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': String(body.length) },
        ...(url.protocol === 'https:'
          ? { rejectUnauthorized: options.rejectUnauthorized ?? true }
          : {}),
      },
      (res: IncomingMessage) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.once('end', () =>
          finish(
            status >= 200 && status < 500
              ? { result: 'delivered', status }
              : { result: 'failed', reason: `HTTP ${status}` },
          ),
        );
        res.once('error', (e) => finish({ result: 'failed', reason: e.message }));
      },
    );
    const timer = options.clock.setTimeout(() => {
      finish({ result: 'failed', reason: 'timed out' });
      req.destroy();
    }, options.timeoutMs ?? HTTP_ATTEMPT_TIMEOUT_MS);
    req.once('error', (e) => finish({ result: 'failed', reason: e.message }));
    req.end(body);
  });
}
