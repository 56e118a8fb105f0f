// A realistic single-table model with ElectroDB (a library people use on top of the SDK), run
// against Stratus's DynamoDB: keys and indexes it composes, conditional creates, updates with
// expressions it generates, collections, pagination and transactions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Entity, Service } from 'electrodb';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from './helpers/stratus.js';

let stratus: TestStratus;
let client: DynamoDBClient;

const table = 'tasks';

function model(c: DynamoDBClient) {
  const task = new Entity(
    {
      model: { entity: 'task', version: '1', service: 'tracker' },
      attributes: {
        projectId: { type: 'string', required: true },
        taskId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        assignee: { type: 'string' },
        status: { type: ['open', 'doing', 'done'] as const, default: 'open' },
        points: { type: 'number', default: 0 },
        tags: { type: 'set', items: 'string' },
      },
      indexes: {
        byProject: {
          pk: { field: 'pk', composite: ['projectId'] },
          sk: { field: 'sk', composite: ['taskId'] },
        },
        byAssignee: {
          index: 'gsi1',
          collection: 'workload',
          pk: { field: 'gsi1pk', composite: ['assignee'] },
          sk: { field: 'gsi1sk', composite: ['status', 'taskId'] },
        },
      },
    },
    { client: c, table },
  );
  const person = new Entity(
    {
      model: { entity: 'person', version: '1', service: 'tracker' },
      attributes: {
        assignee: { type: 'string', required: true },
        name: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['assignee'] }, sk: { field: 'sk', composite: [] } },
        byAssignee: {
          index: 'gsi1',
          collection: 'workload',
          pk: { field: 'gsi1pk', composite: ['assignee'] },
          sk: { field: 'gsi1sk', composite: [] },
        },
      },
    },
    { client: c, table },
  );
  return { task, person, service: new Service({ task, person }, { client: c, table }) };
}

let m: ReturnType<typeof model>;

before(async () => {
  stratus = await startTestStratus(fixturePath('electrodb-app'));
  client = new DynamoDBClient(sdkConfig(stratus));
  m = model(client);
});
after(async () => {
  client.destroy();
  await stratus.stop();
});

test('create, get, conditional create and update with generated expressions', async () => {
  await m.task
    .create({ projectId: 'p1', taskId: 't1', title: 'Write docs', assignee: 'ana', tags: ['docs'] })
    .go();
  await assert.rejects(
    m.task.create({ projectId: 'p1', taskId: 't1', title: 'Again' }).go(),
    (e: Error) => /conditional request failed/i.test(e.message),
  );
  const got = await m.task.get({ projectId: 'p1', taskId: 't1' }).go();
  assert.equal(got.data?.title, 'Write docs');
  assert.equal(got.data?.status, 'open');
  assert.deepEqual(got.data?.tags, ['docs']);

  const updated = await m.task
    .patch({ projectId: 'p1', taskId: 't1' })
    .set({ status: 'doing' })
    .add({ points: 3, tags: ['urgent'] })
    .go({ response: 'all_new' });
  assert.equal(updated.data.status, 'doing');
  assert.equal(updated.data.points, 3);
  assert.deepEqual([...(updated.data.tags ?? [])].sort(), ['docs', 'urgent']);
  await assert.rejects(
    m.task.patch({ projectId: 'p1', taskId: 'missing' }).set({ status: 'done' }).go(),
    (e: Error) => /conditional request failed/i.test(e.message),
  );
});

test('queries on the table and on the index, with sort-key conditions and pagination', async () => {
  for (let i = 2; i <= 12; i++) {
    await m.task
      .put({
        projectId: 'p1',
        taskId: `t${String(i).padStart(2, '0')}`,
        title: `Task ${i}`,
        assignee: i % 2 ? 'ana' : 'ben',
        status: i > 8 ? 'done' : 'open',
      })
      .go();
  }
  const all = await m.task.query.byProject({ projectId: 'p1' }).go({ pages: 'all' });
  assert.equal(all.data.length, 12);
  const page1 = await m.task.query.byProject({ projectId: 'p1' }).go({ limit: 5 });
  assert.equal(page1.data.length, 5);
  assert.ok(page1.cursor);
  const page2 = await m.task.query
    .byProject({ projectId: 'p1' })
    .go({ limit: 5, cursor: page1.cursor });
  assert.equal(page2.data.length, 5);
  assert.notEqual(page2.data[0]!.taskId, page1.data[0]!.taskId);

  const anaDone = await m.task.query.byAssignee({ assignee: 'ana', status: 'done' }).go();
  assert.deepEqual(anaDone.data.map((t) => t.taskId).sort(), ['t09', 't11']);
  const between = await m.task.query
    .byProject({ projectId: 'p1' })
    .between({ taskId: 't03' }, { taskId: 't05' })
    .go();
  assert.deepEqual(
    between.data.map((t) => t.taskId),
    ['t03', 't04', 't05'],
  );
  const filtered = await m.task.query
    .byProject({ projectId: 'p1' })
    .where(({ status }, { eq }) => eq(status, 'done'))
    .go({ pages: 'all' });
  assert.equal(filtered.data.length, 4);
});

test('a collection query returns several entities from one index partition', async () => {
  await m.person.create({ assignee: 'ben', name: 'Ben' }).go();
  const workload = await m.service.collections.workload({ assignee: 'ben' }).go({ pages: 'all' });
  assert.equal(workload.data.person.length, 1);
  assert.equal(workload.data.task.length, 6);
});

test('batch get and a write transaction that cancels on a failed condition', async () => {
  const batch = await m.task
    .get([
      { projectId: 'p1', taskId: 't1' },
      { projectId: 'p1', taskId: 't02' },
      { projectId: 'p1', taskId: 'zz' },
    ])
    .go();
  assert.equal(batch.data.length, 2);
  assert.equal(batch.unprocessed.length, 0);

  const result = await m.service.transaction
    .write(({ task }) => [
      task.patch({ projectId: 'p1', taskId: 't02' }).set({ status: 'done' }).commit(),
      task.create({ projectId: 'p1', taskId: 't03', title: 'duplicate' }).commit(),
    ])
    .go();
  assert.equal(result.canceled, true);
  assert.deepEqual(
    result.data.map((r) => r.code),
    ['None', 'ConditionalCheckFailed'],
  );
  const unchanged = await m.task.get({ projectId: 'p1', taskId: 't02' }).go();
  assert.equal(unchanged.data?.status, 'open');
});
