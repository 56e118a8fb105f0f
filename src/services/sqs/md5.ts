/**
 * The digests SQS returns: MD5 of the body, and MD5 of message (or system) attributes computed
 * as the SQS Developer Guide's "Calculating the MD5 message digest for message attributes"
 * describes: names sorted, each field length-prefixed (4 bytes big-endian), one transport byte
 * (1 = String/Number, 2 = Binary), binary values hashed as decoded bytes.
 */
import { createHash } from 'node:crypto';

/** A message attribute as the JSON protocol carries it (binary values in base64). */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
}

/** Lower-case hex MD5 of the UTF-8 bytes of `text`. */
export function md5Hex(text: string | Buffer): string {
  return createHash('md5').update(text).digest('hex');
}

function lengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Buffer): void {
  const n = Buffer.allocUnsafe(4);
  n.writeUInt32BE(bytes.length);
  hash.update(n);
  hash.update(bytes);
}

/** MD5OfMessageAttributes over `attributes`; undefined when there are none. */
export function md5OfMessageAttributes(
  attributes: Readonly<Record<string, MessageAttributeValue>> | undefined,
): string | undefined {
  if (attributes === undefined) return undefined;
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const a = attributes[name]!;
    lengthPrefixed(hash, Buffer.from(name, 'utf8'));
    lengthPrefixed(hash, Buffer.from(a.DataType, 'utf8'));
    if (a.DataType.startsWith('Binary')) {
      hash.update(Buffer.of(2));
      lengthPrefixed(hash, Buffer.from(a.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Buffer.of(1));
      lengthPrefixed(hash, Buffer.from(a.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
