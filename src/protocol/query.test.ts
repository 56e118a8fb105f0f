import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../core/errors.js';
import {
  decodeQueryParams,
  escapeXml,
  parseQueryCall,
  queryError,
  queryList,
  queryMap,
  queryMapEntries,
  queryResponse,
  renderXml,
  xmlList,
  xmlMap,
} from './query.js';
import type { AwsRequest } from './types.js';

function request(body: string, query = ''): AwsRequest {
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(query),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(body),
    requestId: 'req-1',
  };
}

test('non-flattened maps decode from Attributes.entry.N.key/value, in index order', () => {
  const tree = decodeQueryParams([
    ['Attributes.entry.2.key', 'B'],
    ['Attributes.entry.2.value', '2'],
    ['Attributes.entry.1.key', 'A'],
    ['Attributes.entry.1.value', '1'],
  ]);
  assert.deepEqual(queryMap(tree['Attributes'], { entry: 'entry', key: 'key', value: 'value' }), {
    A: '1',
    B: '2',
  });
  assert.deepEqual(
    queryMapEntries(tree['Attributes'], { entry: 'entry', key: 'key', value: 'value' })?.map(
      ([k]) => k,
    ),
    ['A', 'B'],
  );
});

test('non-flattened lists decode from Tags.member.N and nested maps from MessageAttributes.entry.N.Value.*', () => {
  const tree = decodeQueryParams([
    ['Tags.member.1.Key', 'k1'],
    ['Tags.member.1.Value', 'v1'],
    ['Tags.member.3.Key', 'k3'],
    ['MessageAttributes.entry.1.Name', 'n'],
    ['MessageAttributes.entry.1.Value.DataType', 'String'],
    ['MessageAttributes.entry.1.Value.StringValue', 'x'],
  ]);
  assert.deepEqual(
    queryList(tree['Tags'], 'member'),
    [{ Key: 'k1', Value: 'v1' }, { Key: 'k3' }],
    'holes skipped',
  );
  const entries = queryMapEntries(tree['MessageAttributes'], {
    entry: 'entry',
    key: 'Name',
    value: 'Value',
  });
  assert.deepEqual(entries, [['n', { DataType: 'String', StringValue: 'x' }]]);
});

test('flattened lists and maps decode without a member wrapper', () => {
  const tree = decodeQueryParams([
    ['TagKey.1', 'a'],
    ['TagKey.2', 'b'],
    ['Attribute.1.Name', 'VisibilityTimeout'],
    ['Attribute.1.Value', '30'],
  ]);
  assert.deepEqual(queryList(tree['TagKey']), ['a', 'b']);
  assert.deepEqual(queryMap(tree['Attribute'], { key: 'Name', value: 'Value' }), {
    VisibilityTimeout: '30',
  });
});

test('an empty list sent as Name= reads as empty; absent reads as undefined', () => {
  const tree = decodeQueryParams([['TagKeys', '']]);
  assert.deepEqual(queryList(tree['TagKeys'], 'member'), []);
  assert.equal(queryList(tree['Missing'], 'member'), undefined);
});

test('conflicting shapes for one name keep the first and never throw', () => {
  const tree = decodeQueryParams([
    ['A.1', 'x'],
    ['A.b', 'y'],
    ['B', 'leaf'],
    ['B.c', 'deeper'],
    ['C.0', 'zero index is a name'],
  ]);
  assert.deepEqual(tree['A'], ['x']);
  assert.deepEqual(tree['B'], { c: 'deeper' });
  assert.deepEqual(tree['C'], { '0': 'zero index is a name' });
});

test('parseQueryCall merges the query string and the form body; the body wins', () => {
  const call = parseQueryCall(
    request('Action=Publish&Message=body', 'Action=Ignored&Version=2010-03-31'),
  );
  assert.equal(call.action, 'Publish');
  assert.equal(call.version, '2010-03-31');
  assert.equal(call.input['Message'], 'body');
});

test('renderXml writes objects in key order, arrays as repeated elements, and skips undefined', () => {
  const xml = renderXml({
    Topics: xmlList([{ TopicArn: 'a' }, { TopicArn: 'b' }]),
    NextToken: undefined,
    Attributes: xmlMap({ K: 'V' }),
    Flag: true,
    Failed: xmlList([]),
  });
  assert.equal(
    xml,
    '<Topics><member><TopicArn>a</TopicArn></member><member><TopicArn>b</TopicArn></member></Topics>' +
      '<Attributes><entry><key>K</key><value>V</value></entry></Attributes><Flag>true</Flag><Failed></Failed>',
  );
});

test('escapeXml escapes markup and writes CR as &#xD;, quotes only on request', () => {
  assert.equal(escapeXml('a<b>&"c"\r\n'), 'a&lt;b&gt;&amp;"c"&#xD;\n');
  assert.equal(escapeXml('"', { quotes: true }), '&quot;');
});

test('queryResponse wraps the result; no result means no Result element', () => {
  const ns = { namespace: 'http://sns.amazonaws.com/doc/2010-03-31/' };
  const ok = queryResponse(request(''), 'CreateTopic', { TopicArn: 'arn' }, ns);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-type'], 'text/xml');
  assert.equal(ok.headers['x-amzn-requestid'], 'req-1');
  assert.equal(
    (ok.body as Buffer).toString(),
    '<?xml version="1.0"?>\n<CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
      '<CreateTopicResult><TopicArn>arn</TopicArn></CreateTopicResult>' +
      '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateTopicResponse>',
  );
  const none = queryResponse(request(''), 'DeleteTopic', undefined, ns);
  assert.doesNotMatch((none.body as Buffer).toString(), /DeleteTopicResult/);
});

test('queryError renders Type, Code, Message and RequestId with the status', () => {
  const ns = { namespace: 'http://sns.amazonaws.com/doc/2010-03-31/' };
  const client = queryError(
    request(''),
    new AwsError('NotFound', 'Topic does not exist', { status: 404 }),
    ns,
  );
  assert.equal(client.status, 404);
  assert.equal(
    (client.body as Buffer).toString(),
    '<?xml version="1.0"?>\n<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>' +
      '<Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
  );
  const server = queryError(
    request(''),
    new AwsError('InternalError', 'boom <x>', { status: 500 }),
    ns,
  );
  assert.match(
    (server.body as Buffer).toString(),
    /<Type>Receiver<\/Type>.*<Message>boom &lt;x&gt;<\/Message>/,
  );
});
