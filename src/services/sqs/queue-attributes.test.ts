import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../core/errors.js';
import {
  applyAttributes,
  checkQueueName,
  defaultAttributes,
  normalizeAttributes,
  redriveAllowed,
} from './queue-attributes.js';

const ctx = (fifo: boolean, mode: 'create' | 'set' = 'create') => ({
  fifo,
  mode,
  queueTypeByArn: (arn: string) =>
    arn.endsWith('.fifo') ? true : arn.endsWith(':dlq') ? false : undefined,
});

const fails = (fn: () => unknown, code: string, message: string | RegExp): void => {
  assert.throws(
    fn,
    (e) =>
      e instanceof AwsError &&
      e.code === code &&
      (typeof message === 'string' ? e.message === message : message.test(e.message)),
  );
};

test('booleans are accepted in any case and returned lower-case; integers are range-checked', () => {
  assert.deepEqual(
    normalizeAttributes({ FifoQueue: 'True', ContentBasedDeduplication: 'FALSE' }, ctx(true)),
    {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
    },
  );
  fails(
    () => normalizeAttributes({ DelaySeconds: '901' }, ctx(false)),
    'InvalidAttributeValue',
    'Invalid value for the parameter DelaySeconds.',
  );
  fails(
    () => normalizeAttributes({ MaximumMessageSize: '1023' }, ctx(false)),
    'InvalidAttributeValue',
    /MaximumMessageSize/,
  );
  fails(
    () => normalizeAttributes({ VisibilityTimeout: 'abc' }, ctx(false)),
    'InvalidAttributeValue',
    /VisibilityTimeout/,
  );
  assert.deepEqual(normalizeAttributes({ VisibilityTimeout: '007' }, ctx(false)), {
    VisibilityTimeout: '7',
  });
});

test('FIFO-only attributes on a standard queue, FifoQueue=false and read-only names are refused as AWS does', () => {
  fails(
    () => normalizeAttributes({ FifoQueue: 'false' }, ctx(false)),
    'InvalidAttributeName',
    'Unknown Attribute FifoQueue.',
  );
  fails(
    () => normalizeAttributes({ FifoQueue: 'false' }, ctx(true, 'set')),
    'InvalidAttributeValue',
    'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
  );
  fails(
    () => normalizeAttributes({ FifoThroughputLimit: 'perQueue' }, ctx(false)),
    'InvalidAttributeName',
    'You can specify the FifoThroughputLimit only when FifoQueue is set to true.',
  );
  fails(
    () => normalizeAttributes({ ApproximateNumberOfMessages: '1' }, ctx(false)),
    'InvalidAttributeName',
    'Unknown Attribute ApproximateNumberOfMessages.',
  );
  fails(
    () => normalizeAttributes({ KmsMasterKeyId: 'k', SqsManagedSseEnabled: 'true' }, ctx(false)),
    'InvalidAttributeName',
    /one type of server-side encryption/,
  );
});

test('RedrivePolicy is validated and re-serialised with a numeric maxReceiveCount', () => {
  assert.deepEqual(
    normalizeAttributes(
      {
        RedrivePolicy:
          '{"maxReceiveCount":"5","deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq"}',
      },
      ctx(false),
    ),
    {
      RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq","maxReceiveCount":5}',
    },
  );
  fails(
    () => normalizeAttributes({ RedrivePolicy: 'nope' }, ctx(false)),
    'InvalidParameterValue',
    /Redrive policy is not a valid JSON map/,
  );
  fails(
    () =>
      normalizeAttributes(
        {
          RedrivePolicy:
            '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq","maxReceiveCount":1001}',
        },
        ctx(false),
      ),
    'InvalidParameterValue',
    /Invalid value for maxReceiveCount: 1001, valid values are from 1 to 1000 both inclusive/,
  );
  fails(
    () =>
      normalizeAttributes(
        {
          RedrivePolicy:
            '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:none","maxReceiveCount":1}',
        },
        ctx(false),
      ),
    'InvalidParameterValue',
    /Dead letter target does not exist/,
  );
  fails(
    () =>
      normalizeAttributes(
        {
          RedrivePolicy:
            '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:d.fifo","maxReceiveCount":1}',
        },
        ctx(false),
      ),
    'InvalidParameterValue',
    /same type/,
  );
  assert.deepEqual(normalizeAttributes({ RedrivePolicy: '' }, ctx(false, 'set')), {
    RedrivePolicy: '',
  });
});

test('applyAttributes clears Policy/RedrivePolicy with "" and toggles SSE with KMS', () => {
  const base = applyAttributes(defaultAttributes(false), {
    Policy: '{}',
    KmsMasterKeyId: 'alias/x',
  });
  assert.equal(base['SqsManagedSseEnabled'], 'false');
  assert.equal(base['KmsDataKeyReusePeriodSeconds'], '300');
  const cleared = applyAttributes(base, { Policy: '', KmsMasterKeyId: '' });
  assert.equal(cleared['Policy'], undefined);
  assert.equal(cleared['KmsMasterKeyId'], undefined);
  assert.equal(cleared['KmsDataKeyReusePeriodSeconds'], undefined);
});

test('RedriveAllowPolicy: denyAll forbids, byQueue lists sources, absent allows', () => {
  assert.equal(redriveAllowed(undefined, 'a'), true);
  assert.equal(redriveAllowed('{"redrivePermission":"denyAll"}', 'a'), false);
  assert.equal(
    redriveAllowed('{"redrivePermission":"byQueue","sourceQueueArns":["a"]}', 'a'),
    true,
  );
  assert.equal(
    redriveAllowed('{"redrivePermission":"byQueue","sourceQueueArns":["b"]}', 'a'),
    false,
  );
});

test('queue names: 80 characters of [A-Za-z0-9_-], FIFO names end in .fifo', () => {
  checkQueueName('a'.repeat(80), false);
  checkQueueName(`${'a'.repeat(75)}.fifo`, true);
  assert.throws(() => checkQueueName('a'.repeat(81), false));
  assert.throws(() => checkQueueName('x.fifo', false));
  assert.throws(() => checkQueueName('x', true));
  assert.throws(() => checkQueueName('', false));
});
