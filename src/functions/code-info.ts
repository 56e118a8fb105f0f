/**
 * What Lambda reports about deployed code (`CodeSha256`, `CodeSize`), computed in the background
 * at deploy. The digest covers each file's path, size and modification time, so it changes
 * whenever the code does without reading every byte of a large `node_modules`.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedFunction } from './function-config.js';

const MAX_FILES = 50_000;

/** Base64 SHA-256 and total size of a function's code. */
export async function computeCodeInfo(
  fn: ResolvedFunction,
): Promise<{ sha: string; size: number }> {
  const hash = createHash('sha256');
  if (fn.model.inlineCode !== undefined) {
    hash.update(fn.model.inlineCode);
    return { sha: hash.digest('base64'), size: Buffer.byteLength(fn.model.inlineCode) };
  }
  let size = 0;
  const names = (await readdir(fn.taskRoot, { recursive: true })).sort();
  for (const name of names.slice(0, MAX_FILES)) {
    const st = await lstat(path.join(fn.taskRoot, name));
    if (!st.isFile()) continue;
    size += st.size;
    hash.update(`${name}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return { sha: hash.digest('base64'), size };
}
