// PartiQL end to end with the real SDK clients: ExecuteStatement (every statement kind, Query vs
// Scan planning, paging with NextToken, projections, the error cases of §8.1),
// BatchExecuteStatement and ExecuteTransaction (cancellation reasons, EXISTS, idempotency).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchExecuteStatementCommand,
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DuplicateItemException,
  DynamoDBClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  IdempotentParameterMismatchException,
  ResourceNotFoundException,
  TransactionCanceledException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  DescribeStreamCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DynamoDBDocumentClient,
  ExecuteStatementCommand as DocExecuteStatementCommand,
} from '@aws-sdk/lib-dynamodb';
import { fixturePath, sdkConfig, startTestStratus, type TestStratus } from '../helpers/stratus.js';

describe('dynamodb PartiQL', () => {
  let stratus: TestStratus;
  let ddb: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  before(async () => {
    stratus = await startTestStratus(fixturePath('ddb-partiql-app'));
    ddb = new DynamoDBClient(sdkConfig(stratus));
    doc = DynamoDBDocumentClient.from(ddb);
  });

  after(async () => {
    ddb.destroy();
    await stratus.stop();
  });

  const run = (Statement: string, Parameters?: AttributeValue[], extra: object = {}) =>
    ddb.send(new ExecuteStatementCommand({ Statement, Parameters, ...extra }));

  /** Every item of a SELECT, following NextToken (a Scan stops at 1 MB per page). */
  const selectAll = async (Statement: string): Promise<Record<string, AttributeValue>[]> => {
    const items: Record<string, AttributeValue>[] = [];
    let NextToken: string | undefined;
    do {
      const out = await run(Statement, undefined, { NextToken });
      items.push(...(out.Items ?? []));
      NextToken = out.NextToken;
    } while (NextToken !== undefined);
    return items;
  };

  test('INSERT creates an item; a second INSERT of the key is DuplicateItemException, never an upsert', async () => {
    const out = await run(
      `INSERT INTO "Music" VALUE {'Artist': ?, 'SongTitle': 'Song A', 'Year': 2001, 'Tags': <<'rock', 'pop'>>, 'Meta': {'nested': [1, TRUE, NULL]}}`,
      [{ S: 'ins' }],
    );
    assert.deepEqual(out.Items, []);
    const got = await ddb.send(
      new GetItemCommand({
        TableName: 'Music',
        Key: { Artist: { S: 'ins' }, SongTitle: { S: 'Song A' } },
      }),
    );
    assert.deepEqual(got.Item, {
      Artist: { S: 'ins' },
      SongTitle: { S: 'Song A' },
      Year: { N: '2001' },
      Tags: { SS: ['rock', 'pop'] },
      Meta: { M: { nested: { L: [{ N: '1' }, { BOOL: true }, { NULL: true }] } } },
    });
    await assert.rejects(
      run(`INSERT INTO "Music" VALUE {'Artist': 'ins', 'SongTitle': 'Song A', 'Year': 1}`),
      (e: unknown) => {
        assert.ok(e instanceof DuplicateItemException);
        assert.equal(e.message, 'Duplicate primary key exists in table');
        return true;
      },
    );
    const again = await run(
      `SELECT "Year" FROM "Music" WHERE Artist = 'ins' AND SongTitle = 'Song A'`,
    );
    assert.deepEqual(again.Items, [{ Year: { N: '2001' } }]);
  });

  test('lib-dynamodb ExecuteStatementCommand marshals parameters and unmarshals items', async () => {
    for (const title of ['x', 'y', 'z']) {
      await doc.send(
        new DocExecuteStatementCommand({
          Statement: `INSERT INTO "Music" VALUE {'Artist': ?, 'SongTitle': ?, 'Plays': ?}`,
          Parameters: ['doc', title, title.charCodeAt(0)],
        }),
      );
    }
    const out = await doc.send(
      new DocExecuteStatementCommand({
        Statement: `SELECT SongTitle, Plays FROM "Music" WHERE Artist IN [?, 'nobody'] AND Plays > ?`,
        Parameters: ['doc', 'x'.charCodeAt(0)],
      }),
    );
    assert.deepEqual(out.Items, [
      { SongTitle: 'y', Plays: 121 },
      { SongTitle: 'z', Plays: 122 },
    ]);
    // A whole item as one parameter: lib-dynamodb marshals the object into an M.
    await doc.send(
      new DocExecuteStatementCommand({
        Statement: `INSERT INTO "Counters" VALUE ?`,
        Parameters: [{ id: 'doc-item', tags: new Set(['a']), nested: { list: [1, 'two'] } }],
      }),
    );
    const whole = await doc.send(
      new DocExecuteStatementCommand({
        Statement: `SELECT * FROM "Counters" WHERE id = ?`,
        Parameters: ['doc-item'],
      }),
    );
    assert.deepEqual(whole.Items, [
      { id: 'doc-item', tags: new Set(['a']), nested: { list: [1, 'two'] } },
    ]);
  });

  test('SELECT pages with Limit and NextToken in sort-key order, ORDER BY DESC reverses it', async () => {
    for (let i = 0; i < 25; i++) {
      await run(`INSERT INTO "Music" VALUE {'Artist': 'pager', 'SongTitle': ?, 'n': ?}`, [
        { S: `t${String(i).padStart(2, '0')}` },
        { N: String(i) },
      ]);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await run(`SELECT SongTitle FROM "Music" WHERE Artist = 'pager'`, undefined, {
        Limit: 10,
        NextToken: token,
      });
      pages++;
      for (const item of out.Items ?? []) seen.push(item['SongTitle']!.S!);
      token = out.NextToken;
      if (token !== undefined) {
        assert.equal(out.LastEvaluatedKey?.['Artist']?.S, 'pager');
      }
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, i) => `t${String(i).padStart(2, '0')}`),
    );
    const desc = await run(
      `SELECT SongTitle FROM "Music" WHERE Artist = 'pager' AND SongTitle BETWEEN 't05' AND 't07' ORDER BY SongTitle DESC`,
    );
    assert.deepEqual(
      desc.Items?.map((i) => i['SongTitle']?.S),
      ['t07', 't06', 't05'],
    );
    // Several partitions (IN) are read one after another; Limit spans them.
    const across: string[] = [];
    let next: string | undefined;
    do {
      const out = await run(
        `SELECT Artist, SongTitle FROM "Music" WHERE Artist IN ['doc', 'pager'] AND (SongTitle < 't02' OR SongTitle >= 'x')`,
        undefined,
        { Limit: 2, NextToken: next },
      );
      for (const item of out.Items ?? [])
        across.push(`${item['Artist']?.S}/${item['SongTitle']?.S}`);
      next = out.NextToken;
    } while (next !== undefined);
    assert.deepEqual(across, ['doc/x', 'doc/y', 'doc/z', 'pager/t00', 'pager/t01']);
    // A filter on a non-key attribute runs after Limit, as a Query filter does.
    const filtered = await run(
      `SELECT n FROM "Music" WHERE Artist = 'pager' AND n >= 20`,
      undefined,
      { Limit: 21 },
    );
    assert.deepEqual(filtered.Items, [{ n: { N: '20' } }]);
    assert.ok(filtered.NextToken !== undefined);
    await assert.rejects(
      run(`SELECT n FROM "Music" WHERE Artist = 'other'`, undefined, {
        NextToken: token ?? filtered.NextToken,
      }),
      { name: 'ValidationException' },
    );
  });

  test('SELECT pages stop after 1 MB of items read', async () => {
    const blob = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 15; i++) {
      await run(`INSERT INTO "Music" VALUE {'Artist': 'big', 'SongTitle': ?, 'blob': ?}`, [
        { S: `b${String(i).padStart(2, '0')}` },
        { S: blob },
      ]);
    }
    const first = await run(`SELECT SongTitle FROM "Music" WHERE Artist = 'big'`);
    assert.equal(first.Items?.length, 11);
    assert.deepEqual(first.LastEvaluatedKey, { Artist: { S: 'big' }, SongTitle: { S: 'b10' } });
    assert.ok(first.NextToken !== undefined);
    const second = await run(`SELECT SongTitle FROM "Music" WHERE Artist = 'big'`, undefined, {
      NextToken: first.NextToken,
    });
    assert.deepEqual(
      second.Items?.map((i) => i['SongTitle']?.S),
      ['b11', 'b12', 'b13', 'b14'],
    );
    assert.equal(second.NextToken, undefined);
    assert.equal(second.LastEvaluatedKey, undefined);
    // Fixed partition keys run as Queries (only their items are read); anything else scans.
    const capacity = async (where: string): Promise<number | undefined> =>
      (
        await run(`SELECT * FROM "Music" WHERE ${where}`, undefined, {
          ReturnConsumedCapacity: 'TOTAL',
        })
      ).ConsumedCapacity?.CapacityUnits;
    assert.equal(await capacity(`Artist = 'ins' OR Artist = 'nobody'`), 0.5);
    assert.equal(await capacity(`Artist IN ['ins', 'nobody'] AND SongTitle = 'Song A'`), 0.5);
    assert.ok((await capacity(`Artist > 'a'`))! >= 128, 'a range on the partition key scans');
  });

  test('SELECT without a partition key scans with the WHERE as a filter; nested paths are named by their last step', async () => {
    await run(
      `INSERT INTO "Music" VALUE {'Artist': 'scan1', 'SongTitle': 's', 'm': {'nested': 'deep'}, 'kind': 'rare'}`,
    );
    await run(`INSERT INTO "Music" VALUE {'Artist': 'scan2', 'SongTitle': 's', 'kind': 'common'}`);
    const out = await selectAll(
      `SELECT Artist, m.nested FROM "Music" WHERE kind = 'rare' OR begins_with(Artist, 'scan2')`,
    );
    const items = out.sort((a, b) => a['Artist']!.S!.localeCompare(b['Artist']!.S!));
    assert.deepEqual(items, [
      { Artist: { S: 'scan1' }, nested: { S: 'deep' } },
      { Artist: { S: 'scan2' } },
    ]);
    const missing = await run(
      `SELECT Artist FROM "Music" WHERE kind IS MISSING AND Artist = 'scan2'`,
    );
    assert.deepEqual(missing.Items, []);
    const present = await selectAll(
      `SELECT Artist FROM "Music" WHERE m IS NOT MISSING AND attribute_type(m, 'M') AND size(m) = 1`,
    );
    assert.deepEqual(present, [{ Artist: { S: 'scan1' } }]);
    await assert.rejects(run(`SELECT * FROM "Music" WHERE kind = 'rare' ORDER BY Artist`), {
      name: 'ValidationException',
    });
  });

  test('SELECT from "Table"."Index" reads the index; unknown index and table are rejected', async () => {
    await run(
      `INSERT INTO "Music" VALUE {'Artist': 'ix1', 'SongTitle': 'a', 'Genre': 'jazz', 'Year': 1959}`,
    );
    await run(
      `INSERT INTO "Music" VALUE {'Artist': 'ix2', 'SongTitle': 'b', 'Genre': 'jazz', 'Year': 1965}`,
    );
    const out = await run(
      `SELECT Artist, "Year" FROM "Music"."byGenre" WHERE Genre = 'jazz' AND "Year" > 1960`,
      undefined,
      { ReturnConsumedCapacity: 'INDEXES' },
    );
    assert.deepEqual(out.Items, [{ Artist: { S: 'ix2' }, Year: { N: '1965' } }]);
    assert.deepEqual(out.ConsumedCapacity?.GlobalSecondaryIndexes, {
      byGenre: { CapacityUnits: 0.5 },
    });
    // A KEYS_ONLY LSI fetches the other attributes from the table, as Query does.
    const local = await run(
      `SELECT * FROM "Music"."byYear" WHERE Artist = 'ix1' AND "Year" < 2000`,
    );
    assert.deepEqual(local.Items, [
      { Artist: { S: 'ix1' }, SongTitle: { S: 'a' }, Genre: { S: 'jazz' }, Year: { N: '1959' } },
    ]);
    await assert.rejects(run(`SELECT * FROM "Music"."nope" WHERE Genre = 'jazz'`), {
      name: 'ValidationException',
      message: 'The table does not have the specified index',
    });
    await assert.rejects(run(`SELECT * FROM "NoSuchTable"`), (e: unknown) => {
      assert.ok(e instanceof ResourceNotFoundException);
      assert.equal(e.message, 'Requested resource not found');
      return true;
    });
    await assert.rejects(
      run(`SELECT * FROM "Music"."byGenre" WHERE Genre = 'jazz'`, undefined, {
        ConsistentRead: true,
      }),
      {
        name: 'ValidationException',
        message: 'Consistent reads are not supported on global secondary indexes',
      },
    );
  });

  test('UPDATE applies SET arithmetic, list_append, set_add, set_delete and REMOVE, with RETURNING', async () => {
    await run(
      `INSERT INTO "Counters" VALUE {'id': 'u1', 'n': 1, 'l': [1], 'tags': <<'a', 'b'>>, 'gone': 'x'}`,
    );
    const out = await run(
      `UPDATE "Counters" SET n = n + 41 SET l = list_append(l, [2, 3]) SET tags = set_add(tags, <<'c'>>) SET tags2 = 'new' REMOVE gone WHERE id = 'u1' RETURNING ALL NEW *`,
    );
    assert.deepEqual(out.Items, [
      {
        id: { S: 'u1' },
        n: { N: '42' },
        l: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
        tags: { SS: ['a', 'b', 'c'] },
        tags2: { S: 'new' },
      },
    ]);
    const modified = await run(
      `UPDATE "Counters" SET tags = set_delete(tags, <<'a'>>) SET n = n - 2 WHERE id = 'u1' AND n = 42 RETURNING MODIFIED OLD *`,
    );
    assert.deepEqual(modified.Items, [{ tags: { SS: ['a', 'b', 'c'] }, n: { N: '42' } }]);
    const after = await run(`SELECT n, tags FROM "Counters" WHERE id = 'u1'`, undefined, {
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    });
    assert.deepEqual(after.Items, [{ n: { N: '40' }, tags: { SS: ['b', 'c'] } }]);
    assert.deepEqual(after.ConsumedCapacity, { TableName: 'Counters', CapacityUnits: 1 });
  });

  test('UPDATE needs the item to exist and the full key; a false condition can return the old item', async () => {
    await assert.rejects(run(`UPDATE "Counters" SET n = 1 WHERE id = 'never'`), (e: unknown) => {
      assert.ok(e instanceof ConditionalCheckFailedException);
      assert.equal(e.message, 'The conditional request failed');
      return true;
    });
    const absent = await run(`SELECT * FROM "Counters" WHERE id = 'never'`);
    assert.deepEqual(absent.Items, [], 'a failed UPDATE creates nothing');
    await assert.rejects(run(`UPDATE "Music" SET n = 1 WHERE Artist = 'ins'`), {
      name: 'ValidationException',
      message: 'Where clause does not contain a mandatory equality on all key attributes',
    });
    await run(`INSERT INTO "Counters" VALUE {'id': 'c1', 'n': 5}`);
    await assert.rejects(
      run(`UPDATE "Counters" SET n = 6 WHERE id = 'c1' AND n = 99`, undefined, {
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
      (e: unknown) => {
        assert.ok(e instanceof ConditionalCheckFailedException);
        assert.deepEqual(e.Item, { id: { S: 'c1' }, n: { N: '5' } });
        return true;
      },
    );
    await assert.rejects(run(`UPDATE "Counters" SET id = 'x' WHERE id = 'c1'`), {
      name: 'ValidationException',
      message:
        'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key',
    });
  });

  test('DELETE: a missing item succeeds, a false condition fails, RETURNING ALL OLD returns the item', async () => {
    const none = await run(`DELETE FROM "Counters" WHERE id = 'ghost'`);
    assert.deepEqual(none.Items, []);
    await run(`INSERT INTO "Counters" VALUE {'id': 'd1', 'n': 1}`);
    await assert.rejects(run(`DELETE FROM "Counters" WHERE id = 'd1' AND n > 1`), {
      name: 'ConditionalCheckFailedException',
    });
    const out = await run(`DELETE FROM "Counters" WHERE id = 'd1' AND n = 1 RETURNING ALL OLD *`);
    assert.deepEqual(out.Items, [{ id: { S: 'd1' }, n: { N: '1' } }]);
    const gone = await run(`SELECT * FROM "Counters" WHERE id = 'd1'`);
    assert.deepEqual(gone.Items, []);
  });

  test('malformed statements and parameter mismatches are ValidationExceptions', async () => {
    await assert.rejects(run(`UPSERT INTO "Music"`), {
      name: 'ValidationException',
      message: "Statement wasn't well formed, can't be processed: Expected data manipulation",
    });
    await assert.rejects(run(`SELECT * FROM "Music" WHERE`), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'ValidationException');
      assert.match(e.message, /^Statement wasn't well formed, can't be processed: /);
      return true;
    });
    await assert.rejects(run(`SELECT * FROM "Counters" WHERE id = ?`), {
      name: 'ValidationException',
      message: "Number of parameters in request and statement don't match.",
    });
    await assert.rejects(run(`SELECT * FROM "Counters" WHERE id = 'a'`, [{ S: 'extra' }]), {
      name: 'ValidationException',
      message: "Number of parameters in request and statement don't match.",
    });
  });

  test('PartiQL writes produce stream records like the item operations', async () => {
    const table = await ddb.send(new DescribeTableCommand({ TableName: 'Music' }));
    const streamArn = table.Table?.LatestStreamArn;
    assert.ok(streamArn !== undefined);
    await run(`INSERT INTO "Music" VALUE {'Artist': 'stream', 'SongTitle': 's', 'v': 1}`);
    await run(`UPDATE "Music" SET v = 2 WHERE Artist = 'stream' AND SongTitle = 's'`);
    await run(`DELETE FROM "Music" WHERE Artist = 'stream' AND SongTitle = 's'`);
    const streams = new DynamoDBStreamsClient(sdkConfig(stratus));
    try {
      const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      const events: { name: string; v: string | undefined }[] = [];
      for (const shard of described.StreamDescription?.Shards ?? []) {
        const iterator = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        // GetRecords pages at 1 MB too: follow the shard until it returns nothing.
        const records: StreamRecord[] = [];
        let shardIterator = iterator.ShardIterator;
        for (let i = 0; i < 50 && shardIterator !== undefined; i++) {
          const page = await streams.send(
            new GetRecordsCommand({ ShardIterator: shardIterator, Limit: 1000 }),
          );
          if ((page.Records ?? []).length === 0) break;
          records.push(...(page.Records ?? []));
          shardIterator = page.NextShardIterator;
        }
        for (const r of records) {
          if (r.dynamodb?.Keys?.['Artist']?.S !== 'stream') continue;
          events.push({
            name: r.eventName ?? '',
            v: (r.dynamodb.NewImage ?? r.dynamodb.OldImage)?.['v']?.N,
          });
        }
      }
      assert.deepEqual(events, [
        { name: 'INSERT', v: '1' },
        { name: 'MODIFY', v: '2' },
        { name: 'REMOVE', v: '2' },
      ]);
    } finally {
      streams.destroy();
    }
  });

  test('BatchExecuteStatement reports each statement on its own, in order', async () => {
    await run(`INSERT INTO "Counters" VALUE {'id': 'b-dup', 'n': 0}`);
    const writes = await ddb.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "Counters" VALUE {'id': 'b1', 'n': 1}` },
          { Statement: `INSERT INTO "Counters" VALUE {'id': 'b-dup', 'n': 1}` },
          {
            Statement: `UPDATE "Counters" SET n = 5 WHERE id = ?`,
            Parameters: [{ S: 'b-missing' }],
          },
          {
            Statement: `UPDATE "Counters" SET n = 7 WHERE id = 'b-dup' AND n = 3`,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
          { Statement: `SELEKT nonsense` },
        ],
      }),
    );
    assert.deepEqual(writes.Responses?.[0], { TableName: 'Counters' });
    assert.equal(writes.Responses?.[1]?.Error?.Code, 'DuplicateItem');
    assert.equal(writes.Responses?.[1]?.Error?.Message, 'Duplicate primary key exists in table');
    assert.equal(writes.Responses?.[2]?.Error?.Code, 'ConditionalCheckFailed');
    assert.deepEqual(writes.Responses?.[3]?.Error?.Item, { id: { S: 'b-dup' }, n: { N: '0' } });
    assert.equal(writes.Responses?.[4]?.Error?.Code, 'ValidationError');
    assert.equal(writes.Responses?.length, 5);
    const reads = await ddb.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT n FROM "Counters" WHERE id = 'b1'` },
          { Statement: `SELECT * FROM "Counters" WHERE id = 'nobody'` },
          { Statement: `SELECT * FROM "NoTable" WHERE id = 'x'` },
        ],
      }),
    );
    assert.deepEqual(reads.Responses?.[0], { TableName: 'Counters', Item: { n: { N: '1' } } });
    assert.deepEqual(reads.Responses?.[1], { TableName: 'Counters' });
    assert.equal(reads.Responses?.[2]?.Error?.Code, 'ResourceNotFound');
    const partial = await ddb.send(
      new BatchExecuteStatementCommand({
        Statements: [{ Statement: `SELECT * FROM "Music" WHERE Artist = 'ins'` }],
      }),
    );
    assert.deepEqual(partial.Responses?.[0]?.Error, {
      Code: 'ValidationError',
      Message: 'Where clause does not contain a mandatory equality on all key attributes',
    });
    await assert.rejects(
      ddb.send(
        new BatchExecuteStatementCommand({
          Statements: [
            { Statement: `SELECT * FROM "Counters" WHERE id = 'b1'` },
            { Statement: `DELETE FROM "Counters" WHERE id = 'b1'` },
          ],
        }),
      ),
      { name: 'ValidationException' },
    );
  });

  test('ExecuteTransaction cancels as a whole with reasons in statement order', async () => {
    await run(`INSERT INTO "Counters" VALUE {'id': 't-exists', 'n': 1}`);
    await run(`INSERT INTO "Counters" VALUE {'id': 't-dup'}`);
    await assert.rejects(
      ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `INSERT INTO "Counters" VALUE {'id': 't-new', 'n': 1}` },
            {
              Statement: `UPDATE "Counters" SET n = 2 WHERE id = 't-exists' AND n = 100`,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
            { Statement: `UPDATE "Counters" SET n = 2 WHERE id = 't-missing'` },
            { Statement: `INSERT INTO "Counters" VALUE {'id': 't-dup', 'n': 3}` },
          ],
        }),
      ),
      (e: unknown) => {
        assert.ok(e instanceof TransactionCanceledException, String(e));
        assert.equal(
          e.message,
          'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed, ValidationError]',
        );
        assert.deepEqual(e.CancellationReasons, [
          { Code: 'None' },
          {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            Item: { id: { S: 't-exists' }, n: { N: '1' } },
          },
          { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
          { Code: 'ValidationError', Message: 'Duplicate primary key exists in table' },
        ]);
        return true;
      },
    );
    const none = await run(`SELECT * FROM "Counters" WHERE id = 't-new'`);
    assert.deepEqual(none.Items, [], 'nothing of a cancelled transaction is applied');
  });

  test('ExecuteTransaction commits writes guarded by EXISTS, reads in order, and honours ClientRequestToken', async () => {
    await run(`INSERT INTO "Counters" VALUE {'id': 'tx-guard', 'open': TRUE}`);
    await run(`INSERT INTO "Counters" VALUE {'id': 'tx-count', 'n': 0}`);
    const statements = [
      { Statement: `EXISTS(SELECT * FROM "Counters" WHERE id = 'tx-guard' AND open = TRUE)` },
      { Statement: `UPDATE "Counters" SET n = n + 1 WHERE id = 'tx-count'` },
      { Statement: `INSERT INTO "Counters" VALUE {'id': 'tx-new', 'n': 9}` },
    ];
    const token = 'partiql-token-1';
    const first = await ddb.send(
      new ExecuteTransactionCommand({
        TransactStatements: statements,
        ClientRequestToken: token,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(first.ConsumedCapacity, [
      { TableName: 'Counters', CapacityUnits: 6, WriteCapacityUnits: 6 },
    ]);
    // The same token and statements: success without applying the writes again, reported as reads.
    const replay = await ddb.send(
      new ExecuteTransactionCommand({
        TransactStatements: statements,
        ClientRequestToken: token,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    assert.deepEqual(replay.ConsumedCapacity, [
      { TableName: 'Counters', CapacityUnits: 3, ReadCapacityUnits: 3 },
    ]);
    const reads = await ddb.send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `SELECT n FROM "Counters" WHERE id = 'tx-count'` },
          { Statement: `SELECT * FROM "Counters" WHERE id = 'tx-none'` },
          { Statement: `SELECT n FROM "Counters" WHERE id = ?`, Parameters: [{ S: 'tx-new' }] },
        ],
      }),
    );
    assert.deepEqual(reads.Responses, [
      { Item: { n: { N: '1' } } },
      {},
      { Item: { n: { N: '9' } } },
    ]);
    await assert.rejects(
      ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: statements.slice(0, 2),
          ClientRequestToken: token,
        }),
      ),
      (e: unknown) => e instanceof IdempotentParameterMismatchException,
    );
    await run(`UPDATE "Counters" SET open = FALSE WHERE id = 'tx-guard'`);
    await assert.rejects(
      ddb.send(new ExecuteTransactionCommand({ TransactStatements: statements.slice(0, 2) })),
      (e: unknown) => {
        assert.ok(e instanceof TransactionCanceledException);
        assert.deepEqual(
          e.CancellationReasons?.map((r) => r.Code),
          ['ConditionalCheckFailed', 'None'],
        );
        return true;
      },
    );
    await assert.rejects(
      ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `SELECT * FROM "Counters" WHERE id = 'tx-count'` },
            { Statement: `DELETE FROM "Counters" WHERE id = 'tx-count'` },
          ],
        }),
      ),
      {
        name: 'ValidationException',
        message:
          'ExecuteTransaction API does not support both read and write operations in the same request.',
      },
    );
    await assert.rejects(
      ddb.send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `UPDATE "Counters" SET n = 1 WHERE id = 'tx-count'` },
            { Statement: `DELETE FROM "Counters" WHERE id = 'tx-count'` },
          ],
        }),
      ),
      {
        name: 'ValidationException',
        message: 'Transaction request cannot include multiple operations on one item',
      },
    );
  });
});
