import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../store/index.js';
import { createSigningKey, SnsSigner, stringToSign } from './signing.js';
import { SnsState } from './sns-state.js';

test('the string to sign of a notification lists Message, MessageId, Subject, Timestamp, TopicArn, Type', () => {
  const fields = {
    Type: 'Notification',
    MessageId: 'm',
    TopicArn: 't',
    Subject: 's',
    Message: 'hi',
    Timestamp: 'ts',
    UnsubscribeURL: 'u',
  };
  assert.equal(
    stringToSign(fields),
    'Message\nhi\nMessageId\nm\nSubject\ns\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n',
  );
  const { Subject: _s, ...noSubject } = fields;
  assert.equal(
    stringToSign(noSubject),
    'Message\nhi\nMessageId\nm\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n',
  );
});

test('the string to sign of a confirmation includes SubscribeURL and Token', () => {
  const fields = {
    Type: 'SubscriptionConfirmation',
    MessageId: 'm',
    Token: 'k',
    TopicArn: 't',
    Message: 'x',
    SubscribeURL: 'u',
    Timestamp: 'ts',
  };
  assert.equal(
    stringToSign(fields),
    'Message\nx\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\nk\nTopicArn\nt\nType\nSubscriptionConfirmation\n',
  );
});

test('createSigningKey makes a certificate X509Certificate parses, for the key that signs', async () => {
  const now = Date.UTC(2026, 4, 2);
  const key = await createSigningKey(now);
  const cert = new X509Certificate(key.certificate);
  assert.match(cert.subject, /CN=sns\.amazonaws\.com/);
  assert.ok(cert.verify(cert.publicKey), 'self-signed');
  assert.ok(new Date(cert.validFrom).getTime() <= now && new Date(cert.validTo).getTime() > now);
  assert.deepEqual(
    cert.publicKey.export({ type: 'spki', format: 'der' }),
    createPublicKey(key.privateKey).export({ type: 'spki', format: 'der' }),
  );
});

test('SnsSigner keeps its key in the store: v1 is SHA1withRSA, v2 SHA256withRSA, same key after reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sns-signing-'));
  try {
    const path = join(dir, 'store.db');
    let store = await openStore(path);
    const signer = new SnsSigner(new SnsState(store, 'sns:test'), 'http://127.0.0.1:1', () =>
      Date.now(),
    );
    await signer.ready();
    const message = {
      Type: 'Notification',
      MessageId: 'm',
      TopicArn: 't',
      Message: 'hi',
      Timestamp: 'ts',
    };
    const cert = new X509Certificate(signer.certificate!.pem);
    const data = Buffer.from(stringToSign(message));
    assert.ok(
      verify('sha1', data, cert.publicKey, Buffer.from(signer.sign(message, '1'), 'base64')),
    );
    assert.ok(
      verify('sha256', data, cert.publicKey, Buffer.from(signer.sign(message, '2'), 'base64')),
    );
    assert.ok(
      !verify('sha256', data, cert.publicKey, Buffer.from(signer.sign(message, '1'), 'base64')),
    );
    assert.match(
      signer.certificateUrl,
      /^http:\/\/127\.0\.0\.1:1\/SimpleNotificationService-[0-9a-f]{32}\.pem$/,
    );
    const url = signer.certificateUrl;
    await store.close();
    store = await openStore(path);
    const again = new SnsSigner(new SnsState(store, 'sns:test'), 'http://127.0.0.1:1', () =>
      Date.now(),
    );
    await again.ready();
    assert.equal(again.certificateUrl, url);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
