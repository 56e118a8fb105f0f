// examples/visitplannr end to end over HTTP: propose → event appended → stream-triggered
// projection → read model served.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { examplePath, startTestStratus, waitFor, type TestStratus } from './helpers/stratus.js';

let stratus: TestStratus;
before(async () => {
  stratus = await startTestStratus(examplePath('visitplannr'));
});
after(() => stratus.stop());

interface Destination {
  id: string;
  name: string;
  status: string;
  proposedAt: string;
}

async function list(): Promise<Destination[]> {
  const res = await fetch(`${stratus.url}/Prod/destinations`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { destinations: Destination[] }).destinations;
}

test('a proposed destination shows up in the read model, projected from the event stream', async () => {
  assert.deepEqual(await list(), []);
  const proposed = await fetch(`${stratus.url}/Prod/destination`, {
    method: 'POST',
    body: JSON.stringify({ name: 'Lisbon' }),
  });
  assert.equal(proposed.status, 201);
  const { destinationId } = (await proposed.json()) as { destinationId: string };
  await waitFor(async () => (await list()).length === 1, 10_000, 'the projection');
  const [only] = await list();
  assert.equal(only?.id, destinationId);
  assert.equal(only.name, 'Lisbon');
  assert.equal(only.status, 'proposed');
  assert.match(only.proposedAt, /^\d{4}-\d\d-\d\dT/);
});

test('several proposals are all projected, newest first', async () => {
  for (const name of ['Porto', 'Faro']) {
    const res = await fetch(`${stratus.url}/Prod/destination`, {
      method: 'POST',
      body: JSON.stringify({ name }),
    });
    assert.equal(res.status, 201);
  }
  await waitFor(async () => (await list()).length === 3, 10_000, 'three destinations');
  assert.deepEqual(
    (await list()).map((d) => d.name),
    ['Faro', 'Porto', 'Lisbon'],
  );
});

test('a proposal without a name is refused and appends nothing', async () => {
  const res = await fetch(`${stratus.url}/Prod/destination`, {
    method: 'POST',
    body: JSON.stringify({ name: ' ' }),
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { message: 'a destination needs a name' });
});

test('CORS preflight on the REST API is answered by the mock SAM generates', async () => {
  const res = await fetch(`${stratus.url}/Prod/destination`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
});
