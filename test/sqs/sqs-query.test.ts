// SQS over the query protocol: Debian's AWS CLI (its botocore speaks query to SQS) and
// hand-written form requests checked against AWS's XML shapes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { fixturePath, startTestStratus, type TestStratus } from '../helpers/stratus.js';

const run = promisify(execFile);
const AWS_CLI = '/usr/bin/aws';
const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDSTRATUSTEST/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0';

describe('SQS over the query protocol', () => {
  let stratus: TestStratus;
  let base: string;

  before(async () => {
    stratus = await startTestStratus(fixturePath('sqs-app'));
    base = `${stratus.awsEndpoint}/${stratus.config.accountId}`;
  });

  after(async () => {
    await stratus.stop();
  });

  async function form(
    path: string,
    params: Record<string, string>,
    method = 'POST',
  ): Promise<{ status: number; text: string; type: string | null }> {
    const body = new URLSearchParams({ Version: '2012-11-05', ...params }).toString();
    const res =
      method === 'GET'
        ? await fetch(`${stratus.awsEndpoint}${path}?${body}`, { headers: { authorization: AUTH } })
        : await fetch(`${stratus.awsEndpoint}${path}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
              authorization: AUTH,
            },
            body,
          });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }

  test('a hand-written SendMessage form POST gets the XML shape AWS sends', async () => {
    const created = await form('/', { Action: 'CreateQueue', QueueName: `hand-${process.pid}` });
    assert.equal(created.status, 200);
    const url = `${base}/hand-${process.pid}`;
    assert.ok(
      created.text.includes(`<CreateQueueResult><QueueUrl>${url}</QueueUrl></CreateQueueResult>`),
    );
    const sent = await form('/', {
      Action: 'SendMessage',
      QueueUrl: url,
      MessageBody: 'hello',
      'MessageAttribute.1.Name': 'a',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'x',
      'MessageAttribute.2.Name': 'b',
      'MessageAttribute.2.Value.DataType': 'Binary',
      'MessageAttribute.2.Value.BinaryValue': 'AAE=',
      'MessageAttribute.3.Name': 'n',
      'MessageAttribute.3.Value.DataType': 'Number',
      'MessageAttribute.3.Value.StringValue': '10',
    });
    assert.equal(sent.status, 200);
    assert.equal(sent.type, 'text/xml');
    assert.match(
      sent.text,
      /^<\?xml version="1.0"\?><SendMessageResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><SendMessageResult><MessageId>[0-9a-f-]{36}<\/MessageId><MD5OfMessageBody>5d41402abc4b2a76b9719d911017c592<\/MD5OfMessageBody><MD5OfMessageAttributes>78bc8ce0619f17e4c68ad8987bd2307f<\/MD5OfMessageAttributes><\/SendMessageResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/SendMessageResponse>$/,
    );
    // The queue URL path as the endpoint, no QueueUrl parameter (old SDKs, presigned GETs).
    const received = await form(
      `/${stratus.config.accountId}/hand-${process.pid}`,
      {
        Action: 'ReceiveMessage',
        'MessageAttributeName.1': 'All',
        'AttributeName.1': 'SentTimestamp',
      },
      'GET',
    );
    assert.equal(received.status, 200);
    assert.match(received.text, /<ReceiveMessageResult><Message><MessageId>/);
    assert.match(
      received.text,
      /<Attribute><Name>SentTimestamp<\/Name><Value>\d{13}<\/Value><\/Attribute>/,
    );
    assert.match(
      received.text,
      /<MessageAttribute><Name>b<\/Name><Value><DataType>Binary<\/DataType><BinaryValue>AAE=<\/BinaryValue><\/Value><\/MessageAttribute>|<MessageAttribute><Name>b<\/Name><Value><BinaryValue>AAE=<\/BinaryValue><DataType>Binary<\/DataType><\/Value><\/MessageAttribute>/,
    );
    const empty = await form('/', { Action: 'ReceiveMessage', QueueUrl: url });
    assert.match(empty.text, /<ReceiveMessageResult\/>/);
    const deleted = await form('/', { Action: 'DeleteQueue', QueueUrl: url });
    assert.match(
      deleted.text,
      /^<\?xml version="1.0"\?><DeleteQueueResponse xmlns="[^"]+"><ResponseMetadata><RequestId>/,
    );
  });

  test('query errors: XML ErrorResponse, wsdl text, InvalidAction on a queue URL, 404 without Action', async () => {
    const missing = await form('/', {
      Action: 'ReceiveMessage',
      QueueUrl: `${base}/missing-${process.pid}`,
    });
    assert.equal(missing.status, 400);
    assert.match(
      missing.text,
      /<ErrorResponse xmlns="http:\/\/queue.amazonaws.com\/doc\/2012-11-05\/"><Error><Type>Sender<\/Type><Code>AWS.SimpleQueueService.NonExistentQueue<\/Code><Message>The specified queue does not exist for this wsdl version.<\/Message><Detail\/><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    );
    const onQueue = await form(`/${stratus.config.accountId}/WorkQueue`, {
      Action: 'CreateQueue',
      QueueName: 'x',
    });
    assert.equal(onQueue.status, 400);
    assert.match(
      onQueue.text,
      /<Code>InvalidAction<\/Code><Message>The action CreateQueue is not valid for this endpoint.<\/Message>/,
    );
    const unknown = await form('/', { Action: 'FooBar' });
    assert.match(unknown.text, /The action FooBar is not valid for this endpoint./);
    const noAction = await fetch(`${base}/WorkQueue`, { headers: { authorization: AUTH } });
    assert.equal(noAction.status, 404);
    assert.equal(await noAction.text(), '<UnknownOperationException/>');
  });

  test('a body with CR and &quot; round-trips byte-exactly over the query protocol', async () => {
    const url = `${base}/WorkQueue`;
    const body = 'line1\r\nline2 "quoted" &quot; <tag>';
    await form('/', { Action: 'PurgeQueue', QueueUrl: `${base}/WorkDlq` });
    const sent = await form('/', { Action: 'SendMessage', QueueUrl: url, MessageBody: body });
    assert.equal(sent.status, 200);
    const got = await form('/', {
      Action: 'ReceiveMessage',
      QueueUrl: url,
      VisibilityTimeout: '0',
      WaitTimeSeconds: '0',
      MaxNumberOfMessages: '10',
    });
    assert.ok(
      got.text.includes('<Body>line1&#xD;\nline2 &quot;quoted&quot; &amp;quot; &lt;tag&gt;</Body>'),
      got.text,
    );
  });

  test(
    'the AWS CLI drives SQS end to end',
    { skip: existsSync(AWS_CLI) ? false : 'no AWS CLI' },
    async () => {
      const env = {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'AKIDSTRATUSTEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_PAGER: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      };
      const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
        const { stdout } = await run(
          AWS_CLI,
          ['sqs', ...args, '--endpoint-url', stratus.awsEndpoint, '--output', 'json'],
          { env },
        );
        return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
      };
      const name = `cli-${process.pid}`;
      const { QueueUrl } = (await aws(
        'create-queue',
        '--queue-name',
        name,
        '--attributes',
        'VisibilityTimeout=5',
      )) as { QueueUrl: string };
      assert.equal(QueueUrl, `${base}/${name}`);
      assert.deepEqual(await aws('get-queue-url', '--queue-name', name), { QueueUrl });
      const sent = (await aws(
        'send-message',
        '--queue-url',
        QueueUrl,
        '--message-body',
        'hello',
        '--message-attributes',
        '{"k":{"DataType":"String","StringValue":"x"}}',
      )) as { MD5OfMessageBody: string; MD5OfMessageAttributes: string };
      assert.equal(sent.MD5OfMessageBody, '5d41402abc4b2a76b9719d911017c592');
      assert.equal(sent.MD5OfMessageAttributes, 'a45daa70926828a2f0a1db3418e6feb4');
      const batch = (await aws(
        'send-message-batch',
        '--queue-url',
        QueueUrl,
        '--entries',
        '[{"Id":"a","MessageBody":"one"},{"Id":"b","MessageBody":"two"}]',
      )) as { Successful: { Id: string }[] };
      assert.deepEqual(batch.Successful.map((s) => s.Id).sort(), ['a', 'b']);
      const received = (await aws(
        'receive-message',
        '--queue-url',
        QueueUrl,
        '--max-number-of-messages',
        '10',
        '--attribute-names',
        'All',
        '--message-attribute-names',
        'All',
      )) as {
        Messages: {
          Body: string;
          ReceiptHandle: string;
          Attributes: Record<string, string>;
          MessageAttributes?: Record<string, { StringValue: string }>;
        }[];
      };
      assert.deepEqual(received.Messages.map((m) => m.Body).sort(), ['hello', 'one', 'two']);
      const hello = received.Messages.find((m) => m.Body === 'hello')!;
      assert.equal(hello.MessageAttributes?.['k']?.StringValue, 'x');
      assert.equal(hello.Attributes['ApproximateReceiveCount'], '1');
      await aws(
        'change-message-visibility',
        '--queue-url',
        QueueUrl,
        '--receipt-handle',
        hello.ReceiptHandle,
        '--visibility-timeout',
        '0',
      );
      for (const m of received.Messages)
        await aws('delete-message', '--queue-url', QueueUrl, '--receipt-handle', m.ReceiptHandle);
      const attrs = (await aws(
        'get-queue-attributes',
        '--queue-url',
        QueueUrl,
        '--attribute-names',
        'All',
      )) as { Attributes: Record<string, string> };
      assert.equal(attrs.Attributes['VisibilityTimeout'], '5');
      assert.equal(attrs.Attributes['ApproximateNumberOfMessages'], '0');
      await aws('tag-queue', '--queue-url', QueueUrl, '--tags', 'team=a');
      assert.deepEqual(await aws('list-queue-tags', '--queue-url', QueueUrl), {
        Tags: { team: 'a' },
      });
      const listed = (await aws('list-queues', '--queue-name-prefix', 'cli-')) as {
        QueueUrls: string[];
      };
      assert.ok(listed.QueueUrls.includes(QueueUrl));
      const fifo = (await aws(
        'create-queue',
        '--queue-name',
        `${name}.fifo`,
        '--attributes',
        'FifoQueue=true,ContentBasedDeduplication=true',
      )) as { QueueUrl: string };
      const f = (await aws(
        'send-message',
        '--queue-url',
        fifo.QueueUrl,
        '--message-body',
        'f',
        '--message-group-id',
        'g',
      )) as { SequenceNumber: string };
      assert.match(f.SequenceNumber, /^\d{20}$/);
      await aws('purge-queue', '--queue-url', QueueUrl);
      await aws('delete-queue', '--queue-url', QueueUrl);
      const failure = await run(
        AWS_CLI,
        ['sqs', 'get-queue-url', '--queue-name', name, '--endpoint-url', stratus.awsEndpoint],
        { env },
      ).then(
        () => undefined,
        (e: { stderr: string }) => e.stderr,
      );
      assert.match(failure ?? '', /AWS\.SimpleQueueService\.NonExistentQueue/);
      assert.match(failure ?? '', /does not exist for this wsdl version/);
    },
  );
});
