/**
 * Reads a request body with a cap, never buffering more than the limit: API Gateway refuses
 * payloads over 10 MB (apigateway.md §8.1) and so does Stratus, before the whole body arrives
 * when `Content-Length` already says so.
 */
import type { GatewayRequest } from './request-context.js';

/** API Gateway's request payload quota: 10 MB. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

export type BodyResult =
  | { type: 'ok'; body: Buffer | undefined }
  | { type: 'too-large' }
  | { type: 'aborted'; error?: unknown };

const NO_BODY: BodyResult = { type: 'ok', body: undefined };
const TOO_LARGE: BodyResult = { type: 'too-large' };

/**
 * Reads `req`'s body. Answers synchronously when there is no body (the common GET), so the
 * warm path awaits nothing it does not need to.
 */
export function readRequestBody(
  req: GatewayRequest,
  limit: number,
): BodyResult | Promise<BodyResult> {
  const length = req.headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    if (n > limit) return TOO_LARGE;
    if (n === 0) return NO_BODY;
  } else if ('stream' in req) {
    if (req.stream.endAfterHeaders) return NO_BODY;
  } else if (req.headers['transfer-encoding'] === undefined) {
    return NO_BODY;
  }
  if (req.readableEnded) return NO_BODY;
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buf.length;
      if (total > limit) {
        chunks.length = 0;
        finish(TOO_LARGE);
        return;
      }
      chunks.push(buf);
    };
    const onEnd = (): void => {
      finish({ type: 'ok', body: total === 0 ? undefined : Buffer.concat(chunks, total) });
    };
    const onError = (error: unknown): void => finish({ type: 'aborted', error });
    const onClose = (): void => finish({ type: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
