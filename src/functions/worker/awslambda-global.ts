/**
 * `globalThis.awslambda`, defined before user code loads as the Node.js runtime does:
 * `streamifyResponse` marks a response-streaming handler, `HttpResponseStream.from` writes the HTTP
 * prelude (JSON metadata then 8 NUL bytes). A plain Invoke of a streaming handler collects the
 * stream and returns its bytes.
 */
import { Writable } from 'node:stream';

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

type AnyHandler = ((...args: unknown[]) => unknown) & Record<symbol, unknown>;

/** A writable that keeps every chunk, for a streaming handler invoked without streaming. */
export class CollectingResponseStream extends Writable {
  readonly chunks: Buffer[] = [];
  contentType: string | undefined;

  constructor() {
    super({
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push(chunk);
        callback();
      },
    });
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  /** Everything written so far. */
  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** True when `handler` was wrapped with `awslambda.streamifyResponse`. */
export function isStreamingHandler(handler: unknown): boolean {
  return (handler as AnyHandler)[HANDLER_STREAMING] === 'response';
}

/** Defines `globalThis.awslambda` unless `AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA` opts out. */
export function defineAwsLambdaGlobal(): void {
  const optOut = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (optOut === '1' || optOut === 'true') return;
  (globalThis as Record<string, unknown>).awslambda = {
    streamifyResponse(handler: AnyHandler, options?: { highWaterMark?: unknown }) {
      handler[HANDLER_STREAMING] = 'response';
      if (typeof options?.highWaterMark === 'number') {
        handler[HANDLER_HIGHWATERMARK] = Math.trunc(options.highWaterMark);
      }
      return handler;
    },
    HttpResponseStream: {
      from(stream: Writable & { setContentType?: (t: string) => void }, prelude: unknown) {
        stream.setContentType?.(HTTP_INTEGRATION_CONTENT_TYPE);
        stream.write(JSON.stringify(prelude));
        stream.write(new Uint8Array(8));
        return stream;
      },
    },
  };
}
