/**
 * `cidr` matching for IPv4 and IPv6. Addresses are read into bytes without regular expressions;
 * an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) counts as IPv4, as AWS's rule engine reads it.
 */

/** A parsed CIDR block. */
export interface CidrBlock {
  /** 4 for IPv4, 16 for IPv6. */
  readonly length: 4 | 16;
  readonly bytes: Uint8Array;
  readonly maskBits: number;
}

/**
 * Reads an IPv4 or IPv6 address into `out` (16 bytes); returns 4, 16, or 0 when not an address.
 * `scratch` (16 entries) lets a hot caller reuse its working memory.
 */
export function readIpAddress(
  text: string,
  out: Uint8Array,
  scratch: Uint16Array = new Uint16Array(16),
): 0 | 4 | 16 {
  if (text.includes(':')) return readIpv6(text, out, scratch);
  return readIpv4(text, 0, text.length, out, 0) ? 4 : 0;
}

function readIpv4(text: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = start; i <= end; i++) {
    const c = i === end ? 0x2e : text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || part > 3) return false;
      out[at + part] = value;
      part++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else {
      return false;
    }
  }
  return part === 4;
}

function readIpv6(text: string, out: Uint8Array, scratch: Uint16Array): 0 | 4 | 16 {
  const groups = scratch.subarray(0, 8);
  const full = scratch.subarray(8, 16);
  groups.fill(0);
  full.fill(0);
  let count = 0;
  let gap = -1;
  let i = 0;
  const n = text.length;
  if (text.startsWith('::')) {
    gap = 0;
    i = 2;
    if (n === 2) {
      out.fill(0, 0, 16);
      return 16;
    }
  } else if (text.startsWith(':')) {
    return 0;
  }
  while (i < n) {
    if (count >= 8) return 0;
    // An embedded IPv4 address may end the text.
    let j = i;
    let hexDigits = 0;
    let value = 0;
    while (j < n) {
      const c = text.charCodeAt(j);
      const d =
        c >= 0x30 && c <= 0x39
          ? c - 0x30
          : c >= 0x61 && c <= 0x66
            ? c - 0x57
            : c >= 0x41 && c <= 0x46
              ? c - 0x37
              : -1;
      if (d < 0) break;
      value = value * 16 + d;
      hexDigits++;
      j++;
    }
    if (j < n && text.charCodeAt(j) === 0x2e) {
      if (count > 6) return 0;
      // The IPv4 tail goes through the last four bytes of `out`, which are rewritten below.
      if (!readIpv4(text, i, n, out, 12)) return 0;
      groups[count++] = ((out[12] ?? 0) << 8) | (out[13] ?? 0);
      groups[count++] = ((out[14] ?? 0) << 8) | (out[15] ?? 0);
      i = n;
      break;
    }
    if (hexDigits === 0 || hexDigits > 4) return 0;
    groups[count++] = value;
    i = j;
    if (i === n) break;
    if (text.charCodeAt(i) !== 0x3a) return 0;
    i++;
    if (i < n && text.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return 0;
      gap = count;
      i++;
      if (i === n) break;
    } else if (i === n) {
      return 0;
    }
  }
  if (gap < 0 && count !== 8) return 0;
  if (gap >= 0 && count > 7) return 0;
  if (gap < 0) {
    full.set(groups);
  } else {
    full.set(groups.subarray(0, gap), 0);
    const tail = count - gap;
    full.set(groups.subarray(gap, count), 8 - tail);
  }
  const mapped =
    full[0] === 0 &&
    full[1] === 0 &&
    full[2] === 0 &&
    full[3] === 0 &&
    full[4] === 0 &&
    full[5] === 0xffff;
  if (mapped) {
    out[0] = (full[6] ?? 0) >> 8;
    out[1] = (full[6] ?? 0) & 0xff;
    out[2] = (full[7] ?? 0) >> 8;
    out[3] = (full[7] ?? 0) & 0xff;
    return 4;
  }
  for (let g = 0; g < 8; g++) {
    out[g * 2] = (full[g] ?? 0) >> 8;
    out[g * 2 + 1] = (full[g] ?? 0) & 0xff;
  }
  return 16;
}

/** Parses `a.b.c.d/n` or `v6::/n`, or returns AWS's reason text. */
export function parseCidr(text: string): CidrBlock | string {
  // Split as Java's String.split does: trailing empty parts are dropped.
  const parts = text.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  const [address = '', mask = ''] = parts;
  if (!/^[+-]?[0-9]+$/u.test(mask) || Math.abs(Number(mask)) > 2147483647) {
    return 'Malformed CIDR, mask bits must be an integer';
  }
  const maskBits = Number(mask);
  if (maskBits < 0) return 'Malformed CIDR, mask bits must not be negative';
  const bytes = new Uint8Array(16);
  const length = readIpAddress(address, bytes);
  if (length === 0) return `Nonstandard IP address: ${address}`;
  if (length === 4 && maskBits > 31) return 'IPv4 mask bits must be < 32';
  if (length === 16 && maskBits > 127) return 'IPv6 mask bits must be < 128';
  return { length, bytes: bytes.slice(0, length), maskBits };
}

/** Builds a test for string values inside the block; anything else (or a bad address) is false. */
export function cidrTest(block: CidrBlock): (value: unknown) => boolean {
  const address = new Uint8Array(16);
  const scratch = new Uint16Array(16);
  const fullBytes = block.maskBits >> 3;
  const restBits = block.maskBits & 7;
  const restMask = restBits === 0 ? 0 : (0xff << (8 - restBits)) & 0xff;
  return (value) => {
    if (typeof value !== 'string') return false;
    if (readIpAddress(value, address, scratch) !== block.length) return false;
    for (let i = 0; i < fullBytes; i++) {
      if (address[i] !== block.bytes[i]) return false;
    }
    if (restMask === 0) return true;
    return (((address[fullBytes] ?? 0) ^ (block.bytes[fullBytes] ?? 0)) & restMask) === 0;
  };
}
