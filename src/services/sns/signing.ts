/**
 * Message signatures (§12.9): the string to sign, RSA signatures (SignatureVersion 1 =
 * SHA1withRSA, 2 = SHA256withRSA) and the certificate served at `SigningCertURL`. The key pair
 * and a self-signed certificate are made once per store and kept in it, so every node signs with
 * the same key and signatures stay verifiable across restarts.
 */
import { createHash, createPrivateKey, generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import type { SnsState } from './sns-state.js';

/** Fields of a notification, in signing order. */
const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
/** Fields of a (un)subscribe confirmation, in signing order. */
const CONFIRMATION_FIELDS = [
  'Message',
  'MessageId',
  'SubscribeURL',
  'Timestamp',
  'Token',
  'TopicArn',
  'Type',
];

/** The string SNS signs: `<Name>\n<value>\n` for each present field, in AWS's order. */
export function stringToSign(message: Readonly<Record<string, unknown>>): string {
  const fields = message['Type'] === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let out = '';
  for (const name of fields) {
    const value = message[name];
    if (typeof value === 'string') out += `${name}\n${value}\n`;
  }
  return out;
}

/** Signs SNS messages with the store's key. */
export class SnsSigner {
  readonly #state: SnsState;
  readonly #endpoint: string;
  readonly #now: () => number;
  #key:
    | { privateKey: ReturnType<typeof createPrivateKey>; certificate: string; url: string }
    | undefined;
  #loading: Promise<void> | undefined;

  constructor(state: SnsState, awsEndpoint: string, now: () => number) {
    this.#state = state;
    this.#endpoint = awsEndpoint;
    this.#now = now;
  }

  /** Loads (or makes and stores) the key; call before `sign`. */
  async ready(): Promise<void> {
    if (this.#key !== undefined) return;
    this.#loading ??= this.#load();
    await this.#loading;
  }

  /** Resolves once no key is being loaded or made (before the store closes). */
  async settled(): Promise<void> {
    await this.#loading?.catch(() => undefined);
  }

  async #load(): Promise<void> {
    let stored = await this.#state.getSigningKey();
    if (stored === undefined)
      stored = await this.#state.putSigningKeyOnce(await createSigningKey(this.#now()));
    const der = Buffer.from(
      stored.certificate.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''),
      'base64',
    );
    const id = createHash('sha256').update(der).digest('hex').slice(0, 32);
    this.#key = {
      privateKey: createPrivateKey(stored.privateKey),
      certificate: stored.certificate,
      url: `${this.#endpoint}/SimpleNotificationService-${id}.pem`,
    };
  }

  /** `SigningCertURL` (after `ready`). */
  get certificateUrl(): string {
    return this.#key?.url ?? '';
  }

  /** The certificate path (`/SimpleNotificationService-<id>.pem`) and PEM text (after `ready`). */
  get certificate(): { path: string; pem: string } | undefined {
    if (this.#key === undefined) return undefined;
    return { path: new URL(this.#key.url).pathname, pem: this.#key.certificate };
  }

  /** Base64 signature of `message` (after `ready`). */
  sign(message: Readonly<Record<string, unknown>>, version: '1' | '2'): string {
    if (this.#key === undefined) return '';
    return sign(
      version === '2' ? 'sha256' : 'sha1',
      Buffer.from(stringToSign(message), 'utf8'),
      this.#key.privateKey,
    ).toString('base64');
  }
}

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * A fresh RSA key and a self-signed certificate for it (PEM). The key is made on the thread pool:
 * a 2048-bit key takes long enough that doing it inline would stall every request meanwhile.
 */
export async function createSigningKey(
  nowMs: number,
): Promise<{ privateKey: string; certificate: string }> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = seq(
    oid([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]),
    tlv(0x05, Buffer.alloc(0)),
  );
  const name = seq(
    tlv(0x31, seq(oid([0x55, 0x04, 0x03]), tlv(0x0c, Buffer.from('sns.amazonaws.com', 'utf8')))),
  );
  const serial = randomBytes(12);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    algorithm,
    name,
    seq(utcTime(nowMs - 86_400_000), utcTime(nowMs + 10 * 365 * 86_400_000)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificate: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
  };
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const oid = (bytes: number[]): Buffer => tlv(0x06, Buffer.from(bytes));

function utcTime(ms: number): Buffer {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}
