import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { templateError, type TemplateContext } from './context.js';
import { parseTemplateText } from './parse-template.js';
import type { PropertyReader } from './read.js';

/** Reads a local `DefinitionUri` file (YAML or JSON); S3 locations cannot be read. */
export function definitionFile(p: PropertyReader, ctx: TemplateContext): unknown {
  const uri = p.props['DefinitionUri'];
  if (typeof uri !== 'string' || uri.startsWith('s3://')) {
    throw templateError(
      ctx,
      `${p.path}.DefinitionUri`,
      'an OpenAPI file in S3 cannot be read; point DefinitionUri at a local file or use DefinitionBody',
      'ERR_TEMPLATE_UNSUPPORTED',
    );
  }
  const file = isAbsolute(uri) ? uri : resolvePath(ctx.baseDir, uri);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw templateError(ctx, `${p.path}.DefinitionUri`, `cannot read the OpenAPI file ${file}`);
  }
  return parseTemplateText(text, file);
}
