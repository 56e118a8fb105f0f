import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { templateError, type TemplateContext } from './context.js';
import { intrinsicKey } from './intrinsics.js';
import { parseTemplateText } from './parse-template.js';
import { childPath, isRecord, type PlainObject } from './values.js';

const MAX_INCLUDE_DEPTH = 10;

/**
 * Replaces every `Fn::Transform: {Name: AWS::Include, Parameters: {Location}}` whose Location is
 * a local file with that file's parsed content — typically an OpenAPI `DefinitionBody` kept in
 * its own file. CloudFormation runs this transform before anything else, and so do we.
 */
export function applyIncludes(
  value: unknown,
  path: string,
  ctx: TemplateContext,
  depth = 0,
): unknown {
  if (Array.isArray(value))
    return value.map((v, i) => applyIncludes(v, childPath(path, i), ctx, depth));
  if (!isRecord(value)) return value;
  if (intrinsicKey(value) === 'Fn::Transform') {
    const transform = value['Fn::Transform'];
    if (isRecord(transform) && transform['Name'] === 'AWS::Include') {
      return applyIncludes(readInclude(transform, path, ctx, depth), path, ctx, depth + 1);
    }
  }
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(value))
    out[k] = applyIncludes(v, childPath(path, k), ctx, depth);
  return out;
}

function readInclude(
  transform: PlainObject,
  path: string,
  ctx: TemplateContext,
  depth: number,
): unknown {
  const parameters = transform['Parameters'];
  const location = isRecord(parameters) ? parameters['Location'] : undefined;
  if (typeof location !== 'string' || location.startsWith('s3://')) {
    throw templateError(
      ctx,
      path,
      'AWS::Include needs a local file as Parameters.Location (a file in S3 cannot be read)',
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  if (depth >= MAX_INCLUDE_DEPTH)
    throw templateError(ctx, path, `AWS::Include nests deeper than ${MAX_INCLUDE_DEPTH} files`);
  const file = isAbsolute(location) ? location : resolvePath(ctx.baseDir, location);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw templateError(ctx, path, `AWS::Include cannot read ${file}`, 'ERR_TEMPLATE_NOT_FOUND');
  }
  return parseTemplateText(text, file);
}
