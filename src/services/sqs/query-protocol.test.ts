import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../core/errors.js';
import {
  escapeXml,
  parseQueryInput,
  renderQueryError,
  renderQueryResponse,
} from './query-protocol.js';

test('flattened query parameters become the JSON shape (attributes, tags, message attributes, entries)', () => {
  const params = new URLSearchParams(
    'Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2Fh%2F123456789012%2Fq' +
      '&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two' +
      '&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one' +
      '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=k' +
      '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String' +
      '&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=x',
  );
  assert.deepEqual(parseQueryInput(params, 'SendMessageBatch'), {
    QueueUrl: 'http://h/123456789012/q',
    Entries: [
      {
        Id: 'a',
        MessageBody: 'one',
        MessageAttributes: { k: { DataType: 'String', StringValue: 'x' } },
      },
      { Id: 'b', MessageBody: 'two' },
    ],
  });
  const create = parseQueryInput(
    new URLSearchParams(
      'QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=5&Tag.1.Key=team&Tag.1.Value=a',
    ),
    'CreateQueue',
  );
  assert.deepEqual(create, {
    QueueName: 'q',
    Attributes: { VisibilityTimeout: '5' },
    tags: { team: 'a' },
  });
  assert.deepEqual(
    parseQueryInput(
      new URLSearchParams('AttributeName.1=All&MessageAttributeName.1=Foo.*'),
      'ReceiveMessage',
    ),
    { AttributeNames: ['All'], MessageAttributeNames: ['Foo.*'] },
  );
});

test('text escapes " as &quot; and CR as &#xD; so bodies round-trip byte-exactly', () => {
  assert.equal(escapeXml('a"b\r\n<&>'), 'a&quot;b&#xD;\n&lt;&amp;&gt;');
});

test('responses render flattened lists and maps in the 2012-11-05 namespace', () => {
  const xml = renderQueryResponse(
    'ReceiveMessage',
    {
      Messages: [
        {
          MessageId: 'm',
          Body: 'x"y',
          Attributes: { SentTimestamp: '1' },
          MessageAttributes: { a: { StringValue: 'v', DataType: 'String' } },
        },
      ],
    },
    'rid',
  );
  assert.equal(
    xml,
    '<?xml version="1.0"?><ReceiveMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
      '<ReceiveMessageResult><Message><MessageId>m</MessageId><Body>x&quot;y</Body>' +
      '<Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>' +
      '<MessageAttribute><Name>a</Name><Value><StringValue>v</StringValue><DataType>String</DataType></Value></MessageAttribute>' +
      '</Message></ReceiveMessageResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ReceiveMessageResponse>',
  );
  assert.match(renderQueryResponse('ReceiveMessage', {}, 'r'), /<ReceiveMessageResult\/>/);
  assert.doesNotMatch(renderQueryResponse('DeleteMessage', {}, 'r'), /DeleteMessageResult/);
  assert.match(
    renderQueryResponse(
      'SendMessageBatch',
      { Successful: [{ Id: 'a' }], Failed: [{ Id: 'b', SenderFault: true }] },
      'r',
    ),
    /<SendMessageBatchResultEntry><Id>a<\/Id><\/SendMessageBatchResultEntry><BatchResultErrorEntry><Id>b<\/Id><SenderFault>true<\/SenderFault><\/BatchResultErrorEntry>/,
  );
  assert.match(
    renderQueryResponse('DeleteMessageBatch', { Successful: [{ Id: 'a' }] }, 'r'),
    /<DeleteMessageBatchResultEntry><Id>a<\/Id><\/DeleteMessageBatchResultEntry>/,
  );
});

test('errors use ErrorResponse with Sender/Receiver and the wsdl-version queue text', () => {
  const xml = renderQueryError(
    new AwsError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.', {
      status: 400,
    }),
    'rid',
  );
  assert.match(xml, /<Type>Sender<\/Type><Code>AWS.SimpleQueueService.NonExistentQueue<\/Code>/);
  assert.match(
    xml,
    /<Message>The specified queue does not exist for this wsdl version.<\/Message><Detail\/>/,
  );
  assert.match(xml, /<RequestId>rid<\/RequestId><\/ErrorResponse>$/);
});
