/**
 * The two error families of Stratus, never mixed:
 * - `AwsError` is what an AWS client sees: AWS's exact code, HTTP status and message. The protocol
 *   layer renders it in the wire format of the service that raised it.
 * - `StratusError` is what an operator sees: a stable `ERR_<AREA>_<WHAT>` code from the catalogue
 *   below (mirrored in docs/errors.md) and a message that says what to do.
 */

export interface AwsErrorOptions {
  /** HTTP status code, e.g. 400. */
  status: number;
  /** `true` when the client is at fault (AWS "Sender"), `false` for "Receiver" faults. */
  senderFault?: boolean;
  /** Extra top-level fields some services add to their error bodies (Lambda's `Type`, `Reason`). */
  fields?: Record<string, unknown>;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error a client of an AWS API sees, with AWS's code, status and message. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly senderFault: boolean;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, message: string, options: AwsErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status;
    this.senderFault = options.senderFault ?? options.status < 500;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }
}

/** Every operator-facing error code, with what it means. docs/errors.md mirrors this table. */
export const STRATUS_ERROR_CODES = {
  ERR_CONFIG_INVALID: 'An option, environment variable or config file value is invalid.',
  ERR_TEMPLATE_NOT_FOUND: 'No template file was found where one was expected.',
  ERR_TEMPLATE_PARSE: 'The template is not valid YAML or JSON.',
  ERR_TEMPLATE_INVALID:
    'The template is well-formed but a resource, property or intrinsic is wrong.',
  ERR_TEMPLATE_UNSUPPORTED:
    'The template uses a feature Stratus cannot run (e.g. Fn::ImportValue).',
  ERR_PORT_IN_USE: 'A port Stratus was asked to listen on is taken.',
  ERR_LISTEN: 'A listener could not be started.',
  ERR_STORE_OPEN:
    'The store could not be opened (bad path, corrupt or read-only file, unreachable database).',
  ERR_STORE_LOCKED: 'Another Stratus process already uses this SQLite store.',
  ERR_STORE_UNAVAILABLE: 'The store is temporarily unreachable; the operation can be retried.',
  ERR_STORE_CONFLICT: 'A conditional write or a fenced lease operation lost to another writer.',
  ERR_STORE_SCHEMA: 'The store schema is newer than this version of Stratus understands.',
  ERR_FUNCTION_NOT_FOUND: 'No function with that name is deployed.',
  ERR_FUNCTION_RUNTIME_UNSUPPORTED: 'The function runtime is not one Stratus can run.',
  ERR_FUNCTION_CODE: 'The function code location cannot be read.',
  ERR_INVOKE_EVENT: 'The event given to `stratus invoke` is not valid JSON or cannot be read.',
  ERR_CLI_USAGE: 'A command-line argument is missing or not understood.',
  ERR_INTERNAL: 'An unexpected internal failure; please report it with the stack trace.',
} as const;

export type StratusErrorCode = keyof typeof STRATUS_ERROR_CODES;

/** An error an operator sees: a stable code and a message that says what to do. */
export class StratusError extends Error {
  readonly code: StratusErrorCode;
  /** `true` when retrying the same operation later may succeed. */
  readonly retryable: boolean;

  constructor(
    code: StratusErrorCode,
    message: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StratusError';
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** True when `value` is a StratusError, optionally with the given code. */
export function isStratusError(value: unknown, code?: StratusErrorCode): value is StratusError {
  return value instanceof StratusError && (code === undefined || value.code === code);
}
