import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AwsError } from '../errors.js';
import { compileFilterCriteria, matchesFilterCriteria } from './filter-criteria.js';
import type { FilterSource } from './filter-criteria.js';

function sqsRecord(body: string): Record<string, unknown> {
  return {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:my-queue',
    awsRegion: 'us-east-1',
  };
}

function kinesisRecord(data: string, partitionKey = 'pk-1'): Record<string, unknown> {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      data: Buffer.from(data, 'utf8').toString('base64'),
      approximateArrivalTimestamp: 1545084650.987,
    },
    eventSource: 'aws:kinesis',
    eventName: 'aws:kinesis:record',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/s',
  };
}

function ddbRecord(
  eventName: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventID: '1',
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { id: { S: 'a' } },
      NewImage: { id: { S: 'a' }, status: { S: 'OPEN' }, count: { N: '3' } },
      SequenceNumber: '111',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...extra,
  };
}

function keeps(source: FilterSource, patterns: unknown[], record: unknown): boolean {
  const compiled = compileFilterCriteria(
    patterns.map((p) => ({ Pattern: typeof p === 'string' ? p : JSON.stringify(p) })),
    source,
  );
  return matchesFilterCriteria(compiled, record);
}

describe('matchesFilterCriteria', () => {
  test('no filters keeps every record', () => {
    assert.equal(matchesFilterCriteria(compileFilterCriteria([], 'sqs'), sqsRecord('x')), true);
  });

  test('SQS: a JSON body is matched as JSON by a JSON body pattern', () => {
    const record = sqsRecord('{\n "RecordNumber": 1234,\n "RequestCode": "AAAA"\n}');
    assert.equal(keeps('sqs', [{ body: { RequestCode: ['AAAA'] } }], record), true);
    assert.equal(keeps('sqs', [{ body: { RequestCode: ['BBBB'] } }], record), false);
    assert.equal(
      keeps('sqs', [{ body: { RecordNumber: [{ numeric: ['>', 1000] }] } }], record),
      true,
    );
    assert.equal(keeps('sqs', [{ 'body.RequestCode': [{ prefix: 'AA' }] }], record), true);
  });

  test('SQS: a plain body is matched as a string by a plain body pattern', () => {
    const record = sqsRecord('hello world');
    assert.equal(keeps('sqs', [{ body: [{ prefix: 'hello' }] }], record), true);
    assert.equal(keeps('sqs', [{ body: ['hello'] }], record), false);
  });

  test('SQS: a JSON pattern against a plain body drops the message', () => {
    assert.equal(
      keeps('sqs', [{ body: { a: [{ exists: false }] } }], sqsRecord('not json')),
      false,
    );
  });

  test('SQS: a plain pattern against a JSON body drops the message', () => {
    assert.equal(keeps('sqs', [{ body: [{ prefix: '{' }] }], sqsRecord('{"a":1}')), false);
  });

  test('SQS: metadata fields can be filtered too', () => {
    const record = sqsRecord('x');
    assert.equal(keeps('sqs', [{ attributes: { ApproximateReceiveCount: ['1'] } }], record), true);
    assert.equal(keeps('sqs', [{ eventSource: ['aws:s3'] }], record), false);
  });

  test('any filter matching keeps the record', () => {
    const record = sqsRecord('{"kind":"b"}');
    assert.equal(
      keeps('sqs', [{ body: { kind: ['a'] } }, { body: { kind: ['b'] } }], record),
      true,
    );
    assert.equal(
      keeps('sqs', [{ body: { kind: ['a'] } }, { body: { kind: ['c'] } }], record),
      false,
    );
  });

  test('filters that do not name the payload are matched without decoding it', () => {
    const record = sqsRecord('{broken');
    assert.equal(
      keeps('sqs', [{ body: { a: ['x'] } }, { eventSource: ['aws:sqs'] }], record),
      true,
    );
  });

  test('Kinesis: data is base64-decoded and matched as JSON', () => {
    const record = kinesisRecord('{"RequestCode":"AAAA","n":5}');
    assert.equal(keeps('kinesis', [{ data: { RequestCode: ['AAAA'] } }], record), true);
    assert.equal(keeps('kinesis', [{ data: { n: [{ numeric: ['<', 5] }] } }], record), false);
    assert.equal(keeps('kinesis', [{ partitionKey: ['pk-1'], data: { n: [5] } }], record), true);
    assert.equal(keeps('kinesis', [{ partitionKey: ['pk-2'] }], record), false);
  });

  test('Kinesis: non-JSON data with a JSON data pattern drops the record', () => {
    assert.equal(
      keeps('kinesis', [{ data: { a: [{ exists: false }] } }], kinesisRecord('plain')),
      false,
    );
  });

  test('Kinesis: plain data against a plain data pattern is matched as the decoded string', () => {
    assert.equal(keeps('kinesis', [{ data: [{ prefix: 'pla' }] }], kinesisRecord('plain')), true);
  });

  test('DynamoDB: only TTL deletions (the canonical filter)', () => {
    const pattern = {
      eventName: ['REMOVE'],
      userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] },
    };
    const ttl = ddbRecord('REMOVE', {
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    });
    assert.equal(keeps('dynamodb', [pattern], ttl), true);
    assert.equal(keeps('dynamodb', [pattern], ddbRecord('REMOVE')), false);
    assert.equal(keeps('dynamodb', [pattern], ddbRecord('INSERT')), false);
  });

  test('DynamoDB: images are matched in DynamoDB JSON', () => {
    assert.equal(
      keeps(
        'dynamodb',
        [{ dynamodb: { NewImage: { status: { S: ['OPEN'] } } } }],
        ddbRecord('INSERT'),
      ),
      true,
    );
    assert.equal(
      keeps(
        'dynamodb',
        [{ dynamodb: { NewImage: { status: { S: ['CLOSED'] } } } }],
        ddbRecord('INSERT'),
      ),
      false,
    );
    assert.equal(
      keeps(
        'dynamodb',
        [{ dynamodb: { NewImage: { gone: { S: [{ exists: false }] } } } }],
        ddbRecord('INSERT'),
      ),
      true,
    );
  });

  test('a record that is not an object is dropped', () => {
    assert.equal(keeps('sqs', [{ body: ['x'] }], 'x'), false);
  });
});

describe('compileFilterCriteria validation', () => {
  const invalid: unknown[] = [
    '{"eventName": ["INSERT"=123}]',
    'null',
    '[]',
    '{"eventName": "INSERT"}',
    '{"eventName": []}',
    '{"a": [{"numeric": [">", "x"]}]}',
    '',
  ];
  for (const pattern of invalid) {
    test(`${JSON.stringify(pattern)} → InvalidParameterValueException`, () => {
      assert.throws(
        () => compileFilterCriteria([{ Pattern: pattern }], 'dynamodb'),
        (error: unknown) => {
          assert.ok(error instanceof AwsError);
          assert.equal(error.code, 'InvalidParameterValueException');
          assert.equal(error.status, 400);
          assert.equal(error.message, 'Invalid filter pattern definition.');
          assert.deepEqual(error.fields, { Type: 'User' });
          return true;
        },
      );
    });
  }

  test('a filter without a Pattern string is invalid', () => {
    assert.throws(() => compileFilterCriteria([{}], 'sqs'), {
      code: 'InvalidParameterValueException',
    });
    assert.throws(() => compileFilterCriteria([{ Pattern: { a: ['x'] } }], 'sqs'), {
      code: 'InvalidParameterValueException',
    });
  });

  test('compiling never throws anything but an AwsError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        try {
          const compiled = compileFilterCriteria([{ Pattern: JSON.stringify(value) }], 'sqs');
          matchesFilterCriteria(compiled, sqsRecord('{"a":1}'));
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          assert.equal(error.code, 'InvalidParameterValueException');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
