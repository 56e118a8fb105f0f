import assert from 'node:assert/strict';
import { test } from 'node:test';
import { md5Hex, md5OfMessageAttributes } from './md5.js';

const s = (v: string) => ({ DataType: 'String', StringValue: v });

test('MD5OfMessageBody is the MD5 of the UTF-8 body', () => {
  assert.equal(md5Hex('message'), '78e731027d8fd50ed642340b7c9a63b3');
  assert.equal(md5Hex('hello'), '5d41402abc4b2a76b9719d911017c592');
});

test('MD5OfMessageAttributes matches the vectors recorded from AWS', () => {
  const vectors: [
    Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>,
    string,
  ][] = [
    [
      { 'Help.Me': s('Me'), Hello: s('There'), General: s('Kenobi') },
      '4c360f3fdafd970e05fae2f149d997f5',
    ],
    [{ Hello: s('There'), General: s('Kenobi') }, 'fca026605781cb4126a1e9044df24232'],
    [{ Hello: s('There') }, 'a311262e065454b75da111d535b8dacd'],
    [{ Foo: s('Bar') }, 'ae7155c6026991b6d54b11589678bf9c'],
    [{ k: s('x') }, 'a45daa70926828a2f0a1db3418e6feb4'],
    [{ MyAttribute: s('foobar') }, 'adb59cd4678ea5a855436b949cd07ab6'],
    [
      { timestamp: { DataType: 'Number', StringValue: '1493147359900' } },
      '235c5c510d26fb653d073faed50ae77c',
    ],
    [{ attr1: { DataType: 'Number', StringValue: '99.12' } }, 'd302007e9aa062660afc85fd0a482472'],
    [
      {
        attr1: {
          DataType: 'Binary',
          BinaryValue: Buffer.from(
            'traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01',
            'latin1',
          ).toString('base64'),
        },
      },
      '8cbe4db156db8a94db8b801b7addb984',
    ],
    [
      {
        a: s('x'),
        b: { DataType: 'Binary', BinaryValue: 'AAE=' },
        n: { DataType: 'Number', StringValue: '10' },
      },
      '78bc8ce0619f17e4c68ad8987bd2307f',
    ],
  ];
  for (const [attrs, digest] of vectors)
    assert.equal(md5OfMessageAttributes(attrs), digest, JSON.stringify(attrs));
});

test('MD5OfMessageSystemAttributes uses the same algorithm (AWSTraceHeader vector)', () => {
  assert.equal(
    md5OfMessageAttributes({
      AWSTraceHeader: s(
        'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      ),
    }),
    '5ae4d5d7636402d80f4eb6d213245a88',
  );
});

test('no attributes means no digest, not the MD5 of an empty buffer', () => {
  assert.equal(md5OfMessageAttributes({}), undefined);
  assert.equal(md5OfMessageAttributes(undefined), undefined);
});
