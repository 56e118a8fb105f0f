import { readFile } from 'node:fs/promises';
import {
  LineCounter,
  parseDocument,
  isAlias,
  isMap,
  isPair,
  isScalar as isYamlScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
  type Tags,
} from 'yaml';
import { StratusError } from '../core/errors.js';
import { isRecord, type PlainObject } from './values.js';

/**
 * The CloudFormation short forms. `!GetAtt` and `!Ref`/`!Condition` are special; every other
 * one becomes `{ "Fn::<Name>": value }`.
 */
const FN_TAGS = new Set([
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'Equals',
  'Not',
  'And',
  'Or',
  'Base64',
  'GetAZs',
  'Cidr',
  'ImportValue',
  'Transform',
  'Length',
  'ToJsonString',
]);

// PyYAML (which SAM and CloudFormation tooling use) reads YAML 1.1 booleans but not `y`/`n`, and
// has no timestamp type CloudFormation would keep; the `yaml` package's 1.1 schema differs on both.
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const boolTag = (value: boolean, test: RegExp): ScalarTag => ({
  identify: (v) => v === value,
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test,
  resolve: () => value,
});

// The `yaml` package's 1.1 float pattern also accepts a lone `.` (read as NaN); PyYAML needs a
// digit, so `CodeUri: .` stays the string "." as CloudFormation tooling reads it.
const PYYAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$/;

function cloudFormationTags(tags: Tags): Tags {
  return [
    ...tags.filter((t) => {
      if (typeof t === 'string') return true;
      const name = t.tag;
      if (name.endsWith(':float') && 'test' in t && t.test instanceof RegExp && t.test.test('.'))
        return false;
      return !name.endsWith(':timestamp') && !name.endsWith(':bool');
    }),
    {
      identify: (v: unknown) => typeof v === 'number',
      default: true,
      tag: 'tag:yaml.org,2002:float',
      test: PYYAML_FLOAT,
      resolve: (text: string) => parseFloat(text.replace(/_/g, '')),
    } satisfies ScalarTag,
    boolTag(true, PYYAML_TRUE),
    boolTag(false, PYYAML_FALSE),
  ];
}

/** Reads and parses a template file (YAML with CloudFormation tags, or JSON) into plain data. */
export async function parseTemplateFile(file: string): Promise<PlainObject> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new StratusError(
      code === 'ENOENT' || code === 'EISDIR' ? 'ERR_TEMPLATE_NOT_FOUND' : 'ERR_TEMPLATE_PARSE',
      code === 'ENOENT'
        ? `${file}: no template file here; pass the path of your template.yaml`
        : `${file}: cannot read the template (${code ?? String(cause)})`,
      { cause },
    );
  }
  return parseTemplateText(text, file);
}

/** Parses template text; `file` is only used in error messages. */
export function parseTemplateText(text: string, file: string): PlainObject {
  const trimmed = text.trimStart();
  const value = trimmed.startsWith('{') ? parseJson(text, file) : parseYaml(text, file);
  if (!isRecord(value)) {
    throw new StratusError(
      'ERR_TEMPLATE_PARSE',
      `${file}: a template must be a mapping with a Resources section`,
    );
  }
  return value;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const where = jsonErrorPosition(text, message);
    throw new StratusError(
      'ERR_TEMPLATE_PARSE',
      `${file}${where === undefined ? '' : `:${where.line}:${where.col}`}: invalid JSON: ${message}`,
      { cause },
    );
  }
}

function jsonErrorPosition(
  text: string,
  message: string,
): { line: number; col: number } | undefined {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), col: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return undefined;
  const before = text.slice(0, Number(pos[1])).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    customTags: cloudFormationTags,
    lineCounter,
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
  });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const [first] = doc.errors;
  if (first !== undefined) {
    throw new StratusError('ERR_TEMPLATE_PARSE', `${at(first.pos[0])}: ${first.message}`, {
      cause: first,
    });
  }
  return toPlain(doc.contents, doc, at);
}

/** Converts a YAML node to plain data, turning CloudFormation tags into their long forms. */
function toPlain(node: unknown, doc: Document, at: (offset: number) => string): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toPlain(node.resolve(doc), doc, at);
  const yamlNode = node as YamlNode;
  let value: unknown;
  if (isYamlScalar(node)) {
    value = node.value;
  } else if (isMap(node)) {
    const out: PlainObject = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = toPlain(pair.key, doc, at);
      if (pair.key !== null && isMap(pair.key)) {
        throw new StratusError(
          'ERR_TEMPLATE_PARSE',
          `${at(offsetOf(pair.key))}: a key must be a scalar`,
        );
      }
      out[String(key)] = toPlain(pair.value, doc, at);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item) => toPlain(item, doc, at));
  } else {
    value = null;
  }
  const tag = yamlNode.tag;
  if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return value;
  return applyTag(tag.slice(1), value, at(offsetOf(yamlNode)));
}

function offsetOf(node: YamlNode): number {
  return node.range?.[0] ?? 0;
}

function applyTag(name: string, value: unknown, where: string): unknown {
  if (name === 'Ref' || name === 'Condition') {
    if (typeof value !== 'string') {
      throw new StratusError('ERR_TEMPLATE_PARSE', `${where}: !${name} takes a name`);
    }
    return { [name]: value };
  }
  if (name === 'GetAtt') {
    if (typeof value === 'string') {
      const dot = value.indexOf('.');
      if (dot <= 0 || dot === value.length - 1) {
        throw new StratusError(
          'ERR_TEMPLATE_PARSE',
          `${where}: !GetAtt takes 'Resource.Attribute', got '${value}'`,
        );
      }
      return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { 'Fn::GetAtt': value };
  }
  if (FN_TAGS.has(name)) return { [`Fn::${name}`]: value === null ? '' : value };
  throw new StratusError('ERR_TEMPLATE_PARSE', `${where}: unknown tag !${name}`);
}
