import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AWS_MANAGED_RETRY_POLICY,
  DEFAULT_HTTP_RETRY_POLICY,
  effectiveHttpPolicy,
  retryDelaySeconds,
  topicEffectiveDeliveryPolicy,
  validateSubscriptionDeliveryPolicy,
  type RetryPolicy,
} from './delivery-policy.js';

const schedule = (p: RetryPolicy): (number | undefined)[] => {
  const out: (number | undefined)[] = [];
  for (let i = 0; i <= p.numRetries; i++) out.push(retryDelaySeconds(p, i));
  return out;
};

test('the default HTTP policy retries 3 times, 20 s apart, then gives up', () => {
  assert.deepEqual(schedule(DEFAULT_HTTP_RETRY_POLICY), [20, 20, 20, undefined]);
});

test('phases: no-delay, then min delay, then backoff, then max delay', () => {
  const p: RetryPolicy = {
    minDelayTarget: 1,
    maxDelayTarget: 16,
    numRetries: 10,
    numNoDelayRetries: 2,
    numMinDelayRetries: 1,
    numMaxDelayRetries: 2,
    backoffFunction: 'exponential',
  };
  assert.deepEqual(schedule(p), [0, 0, 1, 1, 2, 4, 8, 16, 16, 16, undefined]);
  assert.deepEqual(schedule({ ...p, backoffFunction: 'linear' }), [
    0,
    0,
    1,
    1,
    4.75,
    8.5,
    12.25,
    16,
    16,
    16,
    undefined,
  ]);
});

test('the AWS-managed policy starts with 3 immediate retries and settles at 20 s', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => retryDelaySeconds(AWS_MANAGED_RETRY_POLICY, i)),
    [0, 0, 0, 1, 1],
  );
  assert.equal(retryDelaySeconds(AWS_MANAGED_RETRY_POLICY, 1000), 20);
});

test('a subscription policy overrides the topic unless the topic disables overrides', () => {
  const topic = JSON.stringify({
    http: {
      defaultHealthyRetryPolicy: { numRetries: 5 },
      defaultRequestPolicy: { headerContentType: 'text/csv' },
    },
  });
  const sub = JSON.stringify({
    healthyRetryPolicy: { numRetries: 1 },
    requestPolicy: { headerContentType: 'application/json' },
  });
  assert.deepEqual(effectiveHttpPolicy('http', topic, sub), {
    retry: { ...DEFAULT_HTTP_RETRY_POLICY, numRetries: 1 },
    contentType: 'application/json',
  });
  assert.equal(effectiveHttpPolicy('http', topic, undefined).contentType, 'text/csv');
  assert.equal(
    effectiveHttpPolicy('https', topic, undefined).contentType,
    'text/plain; charset=UTF-8',
  );
  const locked = JSON.stringify({
    http: { disableSubscriptionOverrides: true, defaultHealthyRetryPolicy: { numRetries: 5 } },
  });
  assert.equal(effectiveHttpPolicy('http', locked, sub).retry.numRetries, 5);
});

test('topic EffectiveDeliveryPolicy is the recorded default, merged with DeliveryPolicy', () => {
  assert.equal(
    topicEffectiveDeliveryPolicy(undefined),
    '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}',
  );
  const merged = JSON.parse(
    topicEffectiveDeliveryPolicy(JSON.stringify({ http: { disableSubscriptionOverrides: true } })),
  );
  assert.equal(merged.http.disableSubscriptionOverrides, true);
  assert.equal(merged.http.defaultHealthyRetryPolicy.numRetries, 3);
});

test('delivery policies are validated', () => {
  assert.throws(
    () => validateSubscriptionDeliveryPolicy('nope'),
    /Invalid parameter: DeliveryPolicy: failed to parse JSON/,
  );
  assert.throws(
    () =>
      validateSubscriptionDeliveryPolicy(
        '{"healthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":10}}',
      ),
    /minDelayTarget must be less than or equal to maxDelayTarget/,
  );
  assert.throws(
    () => validateSubscriptionDeliveryPolicy('{"healthyRetryPolicy":{"numRetries":101}}'),
    /numRetries must be an integer between 0 and 100/,
  );
  assert.doesNotThrow(() =>
    validateSubscriptionDeliveryPolicy(
      '{"healthyRetryPolicy":{"numRetries":10,"backoffFunction":"geometric"}}',
    ),
  );
});
