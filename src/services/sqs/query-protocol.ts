/**
 * SQS's query protocol (awsQuery, 2012-11-05): form parameters with flattened, 1-based lists
 * and maps in; XML in the 2012-11-05 namespace out. Requests are converted to the JSON shape the
 * operations take, and outputs rendered back, so one implementation serves both protocols.
 */
import type { AwsError } from '../../core/errors.js';
import { NON_EXISTENT_QUEUE } from './errors.js';
import type { SqsInput } from './input.js';

export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

class FormNode {
  value: string | undefined;
  readonly children = new Map<string, FormNode>();

  child(name: string): FormNode {
    let c = this.children.get(name);
    if (c === undefined) {
      c = new FormNode();
      this.children.set(name, c);
    }
    return c;
  }

  /** Children with numeric names, in index order. */
  indexed(): FormNode[] {
    return [...this.children.entries()]
      .filter(([k]) => /^\d+$/.test(k))
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([, v]) => v);
  }
}

type Kind = 'list' | 'nameValueMap' | 'keyValueMap' | 'attributeMap' | 'entries';

/** Flattened form names → JSON member and how to read them (SQS query model). */
const FLATTENED: Readonly<Record<string, readonly [string, Kind]>> = {
  Attribute: ['Attributes', 'nameValueMap'],
  Tag: ['Tags', 'keyValueMap'],
  TagKey: ['TagKeys', 'list'],
  AttributeName: ['AttributeNames', 'list'],
  MessageSystemAttributeName: ['MessageSystemAttributeNames', 'list'],
  MessageAttributeName: ['MessageAttributeNames', 'list'],
  MessageAttribute: ['MessageAttributes', 'attributeMap'],
  MessageSystemAttribute: ['MessageSystemAttributes', 'attributeMap'],
  SendMessageBatchRequestEntry: ['Entries', 'entries'],
  DeleteMessageBatchRequestEntry: ['Entries', 'entries'],
  ChangeMessageVisibilityBatchRequestEntry: ['Entries', 'entries'],
  AWSAccountId: ['AWSAccountIds', 'list'],
  ActionName: ['Actions', 'list'],
};

function convert(node: FormNode): SqsInput {
  const out: SqsInput = {};
  for (const [name, child] of node.children) {
    const rule = FLATTENED[name];
    if (rule === undefined) {
      if (child.value !== undefined) out[name] = child.value;
      continue;
    }
    const [member, kind] = rule;
    const items = child.indexed();
    switch (kind) {
      case 'list':
        out[member] = items.map((i) => i.value ?? '');
        break;
      case 'nameValueMap':
      case 'keyValueMap': {
        const [k, v] = kind === 'nameValueMap' ? ['Name', 'Value'] : ['Key', 'Value'];
        const map: Record<string, string> = {};
        for (const item of items) {
          const key = item.children.get(k)?.value;
          if (key !== undefined) map[key] = item.children.get(v)?.value ?? '';
        }
        out[member] = map;
        break;
      }
      case 'attributeMap': {
        const map: Record<string, unknown> = {};
        for (const item of items) {
          const key = item.children.get('Name')?.value;
          const value = item.children.get('Value');
          if (key === undefined) continue;
          const v: Record<string, unknown> = {};
          if (value !== undefined) {
            for (const [field, node2] of value.children) {
              if (field === 'StringListValue' || field === 'BinaryListValue') {
                v[`${field}s`] = node2.indexed().map((i) => i.value ?? '');
              } else if (node2.value !== undefined) {
                v[field] = node2.value;
              }
            }
          }
          map[key] = v;
        }
        out[member] = map;
        break;
      }
      case 'entries':
        out[member] = items.map((i) => convert(i));
        break;
    }
  }
  return out;
}

/** Converts query parameters into the operation's JSON-shaped input. */
export function parseQueryInput(params: URLSearchParams, action: string): SqsInput {
  const root = new FormNode();
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    let node = root;
    for (const segment of key.split('.')) node = node.child(segment);
    node.value = value;
  }
  const input = convert(root);
  // CreateQueue spells its tag map `tags` (lower-case) in the model.
  if (action === 'CreateQueue' && input['Tags'] !== undefined) {
    input['tags'] = input['Tags'];
    delete input['Tags'];
  }
  return input;
}

/** Escapes text as AWS SQS does: `"` as `&quot;` and CR as `&#xD;` (a raw CR would become LF). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#xD;',
  );
}

const NO_RESULT = new Set([
  'DeleteQueue',
  'PurgeQueue',
  'SetQueueAttributes',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'TagQueue',
  'UntagQueue',
  'AddPermission',
  'RemovePermission',
]);

function listElement(action: string, member: string): string {
  switch (member) {
    case 'QueueUrls':
    case 'queueUrls':
      return 'QueueUrl';
    case 'Messages':
      return 'Message';
    case 'Successful':
      return `${action.replace(/Batch$/, '')}BatchResultEntry`;
    case 'Failed':
      return 'BatchResultErrorEntry';
    case 'Results':
      return 'ListMessageMoveTasksResultEntry';
    default:
      return member;
  }
}

function scalar(value: unknown): string {
  return escapeXml(typeof value === 'string' ? value : String(value));
}

function renderMembers(action: string, value: Record<string, unknown>): string {
  let xml = '';
  for (const [member, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (member === 'Attributes' && typeof v === 'object') {
      for (const [name, text] of Object.entries(v as Record<string, unknown>)) {
        xml += `<Attribute><Name>${escapeXml(name)}</Name><Value>${scalar(text)}</Value></Attribute>`;
      }
    } else if (member === 'Tags' && typeof v === 'object') {
      for (const [key, text] of Object.entries(v as Record<string, unknown>)) {
        xml += `<Tag><Key>${escapeXml(key)}</Key><Value>${scalar(text)}</Value></Tag>`;
      }
    } else if (member === 'MessageAttributes' && typeof v === 'object') {
      for (const [name, attr] of Object.entries(v as Record<string, Record<string, unknown>>)) {
        xml += `<MessageAttribute><Name>${escapeXml(name)}</Name><Value>${renderMembers(action, attr)}</Value></MessageAttribute>`;
      }
    } else if (Array.isArray(v)) {
      const element = listElement(action, member);
      for (const item of v) {
        xml +=
          item !== null && typeof item === 'object'
            ? `<${element}>${renderMembers(action, item as Record<string, unknown>)}</${element}>`
            : `<${element}>${scalar(item)}</${element}>`;
      }
    } else if (typeof v === 'object') {
      xml += `<${member}>${renderMembers(action, v as Record<string, unknown>)}</${member}>`;
    } else {
      xml += `<${member}>${scalar(v)}</${member}>`;
    }
  }
  return xml;
}

/** The XML body of a successful query-protocol response. */
export function renderQueryResponse(
  action: string,
  output: Record<string, unknown>,
  requestId: string,
): string {
  let result = '';
  if (!NO_RESULT.has(action)) {
    const members = renderMembers(action, output);
    result =
      members === '' ? `<${action}Result/>` : `<${action}Result>${members}</${action}Result>`;
  }
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${SQS_XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The XML body of a query-protocol error. */
export function renderQueryError(error: AwsError, requestId: string): string {
  const message =
    error.code === NON_EXISTENT_QUEUE
      ? 'The specified queue does not exist for this wsdl version.'
      : error.message;
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${SQS_XML_NAMESPACE}"><Error>` +
    `<Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
