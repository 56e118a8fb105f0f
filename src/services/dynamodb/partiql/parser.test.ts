import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../../core/errors.js';
import { evaluateCondition, applyUpdate } from '../expressions/index.js';
import type { Expr, PathExpr } from './ast.js';
import { Binder, compileCondition, compileUpdate, splitKey } from './compile.js';
import { parseStatement } from './parser.js';

function syntaxFails(text: string, detail?: RegExp): void {
  assert.throws(
    () => parseStatement(text),
    (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'ValidationException');
      assert.match(e.message, /^Statement wasn't well formed, can't be processed: /);
      if (detail !== undefined) assert.match(e.message, detail);
      return true;
    },
  );
}

function where(text: string): Expr {
  const { statement } = parseStatement(`SELECT * FROM "T" WHERE ${text}`);
  assert.equal(statement.kind, 'select');
  return statement.kind === 'select' ? statement.where! : (undefined as never);
}

test('SELECT: projection, quoted table and index, WHERE, ORDER BY', () => {
  const { statement, parameterCount } = parseStatement(
    'select a, m.nested, "b c"[2] from "Music"."byGenre" where Genre = ? and Year >= 2000 order by Year desc',
  );
  assert.equal(parameterCount, 1);
  assert.equal(statement.kind, 'select');
  if (statement.kind !== 'select') return;
  assert.deepEqual(statement.from, { table: 'Music', index: 'byGenre' });
  assert.notEqual(statement.projection, '*');
  assert.deepEqual(
    (statement.projection as readonly PathExpr[]).map((p) => p.path),
    [[{ name: 'a' }], [{ name: 'm' }, { name: 'nested' }], [{ name: 'b c' }, { index: 2 }]],
  );
  assert.deepEqual(statement.orderBy, [
    { path: { kind: 'path', path: [{ name: 'Year' }] }, descending: true },
  ]);
  assert.equal(statement.where?.kind, 'and');
});

test('a double-quoted token is an identifier, a single-quoted one a string', () => {
  assert.deepEqual(where(`pk = "x"`), {
    kind: 'compare',
    op: '=',
    left: { kind: 'path', path: [{ name: 'pk' }] },
    right: { kind: 'path', path: [{ name: 'x' }] },
  });
  assert.deepEqual(where(`pk = 'it''s'`), {
    kind: 'compare',
    op: '=',
    left: { kind: 'path', path: [{ name: 'pk' }] },
    right: { kind: 'string', value: "it's" },
  });
});

test('literals: numbers, booleans, null, lists, maps and sets become AttributeValues', () => {
  const { statement } = parseStatement(
    `INSERT INTO "T" VALUE {'pk': 'a', 'n': -1.50, 'ok': TRUE, 'no': null, 'l': [1, 'x'], 'm': {'k': false}, 'ss': <<'a', 'b', 'a'>>, 'ns': <<1, 2>>, 'p': ?}`,
  );
  assert.equal(statement.kind, 'insert');
  if (statement.kind !== 'insert') return;
  const value = new Binder([{ B: 'AAE=' }]).value(statement.value);
  assert.deepEqual(value, {
    M: {
      pk: { S: 'a' },
      n: { N: '-1.5' },
      ok: { BOOL: true },
      no: { NULL: true },
      l: { L: [{ N: '1' }, { S: 'x' }] },
      m: { M: { k: { BOOL: false } } },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2'] },
      p: { B: 'AAE=' },
    },
  });
});

test('UPDATE with SET, REMOVE and RETURNING; DELETE with RETURNING ALL OLD', () => {
  const update = parseStatement(
    `UPDATE "T" SET a = a + 1, l = list_append(l, [2]) SET s = set_add(s, <<'x'>>) REMOVE old1 WHERE pk = 'k' RETURNING MODIFIED NEW *`,
  ).statement;
  assert.equal(update.kind, 'update');
  if (update.kind !== 'update') return;
  assert.equal(update.actions.length, 4);
  assert.equal(update.returning, 'MODIFIED NEW');
  const del = parseStatement(`DELETE FROM "T" WHERE pk = 'k' RETURNING ALL OLD *`).statement;
  assert.equal(del.kind, 'delete');
  assert.equal(del.kind === 'delete' ? del.returning : undefined, 'ALL OLD');
});

test('EXISTS wraps a SELECT', () => {
  const { statement } = parseStatement(`EXISTS(SELECT * FROM "T" WHERE pk = 'a' AND n > 1)`);
  assert.equal(statement.kind, 'exists');
});

test('syntax errors are ValidationExceptions with the DynamoDB prefix', () => {
  syntaxFails('GRANT ALL', /Expected data manipulation$/);
  syntaxFails(`SELECT * FROM "T" WHERE`, /Unexpected end of statement/);
  syntaxFails(`SELECT * FROM "T" WHERE a = 'unterminated`);
  syntaxFails(`INSERT INTO "T" VALUES ('a')`, /VALUES/);
  syntaxFails(`UPDATE "T" WHERE pk = 'a'`);
  syntaxFails(`SELECT * FROM "T" garbage`);
  syntaxFails(`SELECT * FROM T.byIndex`);
  syntaxFails(`DELETE FROM "T" WHERE pk = 'a' RETURNING ALL NEW *`);
});

test('conditions compile to the engine AST and evaluate as DynamoDB does', () => {
  const item = {
    pk: { S: 'a' },
    n: { N: '5' },
    s: { S: 'hello' },
    l: { L: [{ N: '1' }] },
    nul: { NULL: true as const },
  };
  const check = (text: string, expected: boolean): void => {
    const binder = new Binder([{ N: '5' }]);
    const condition = compileCondition(where(text), binder);
    assert.equal(evaluateCondition(condition, item, binder.values), expected, text);
  };
  check(`n = ?`, true);
  check(`n <> 5`, false);
  check(`n != 4`, true);
  check(`n BETWEEN 1 AND 5`, true);
  check(`n NOT BETWEEN 1 AND 5`, false);
  check(`n IN [1, 5]`, true);
  check(`n IN (1, 2)`, false);
  check(`begins_with(s, 'he') AND contains(s, 'll')`, true);
  check(`attribute_type(s, 'S') OR n < 0`, true);
  check(`size(l) = 1`, true);
  check(`missingAttr IS MISSING`, true);
  check(`n IS NOT MISSING`, true);
  check(`nul IS NULL AND n IS NOT NULL`, true);
  check(`NOT (n > 1)`, false);
});

test('splitKey requires equality on every key attribute and keeps the rest as a condition', () => {
  const binder = new Binder([]);
  const { key, condition } = splitKey(where(`'a' = pk AND sk = 2 AND n > 1`), ['pk', 'sk'], binder);
  assert.deepEqual(key, { pk: { S: 'a' }, sk: { N: '2' } });
  assert.equal(condition?.kind, 'compare');
  assert.throws(
    () => splitKey(where(`pk = 'a' AND sk > 2`), ['pk', 'sk'], new Binder([])),
    /Where clause does not contain a mandatory equality on all key attributes/,
  );
});

test('updates compile to SET / REMOVE / ADD / DELETE and apply as UpdateItem would', () => {
  const { statement } = parseStatement(
    `UPDATE "T" SET n = n - 2 SET l = list_append(l, [2]) SET s = set_add(s, <<'y'>>) SET d = set_delete(d, <<'x'>>) REMOVE gone WHERE pk = 'a'`,
  );
  if (statement.kind !== 'update') return assert.fail('not an update');
  const binder = new Binder([]);
  const update = compileUpdate(statement.actions, binder);
  const next = applyUpdate(
    update,
    {
      pk: { S: 'a' },
      n: { N: '5' },
      l: { L: [{ N: '1' }] },
      s: { SS: ['x'] },
      d: { SS: ['x', 'z'] },
      gone: { S: '' },
    },
    binder.values,
  );
  assert.deepEqual(next, {
    pk: { S: 'a' },
    n: { N: '3' },
    l: { L: [{ N: '1' }, { N: '2' }] },
    s: { SS: ['x', 'y'] },
    d: { SS: ['z'] },
  });
  const other = parseStatement(`UPDATE "T" SET a = set_add(b, <<'x'>>) WHERE pk = 'a'`).statement;
  if (other.kind !== 'update') return assert.fail('not an update');
  assert.throws(() => compileUpdate(other.actions, new Binder([])), /set_add/);
});

test('the lexer reads numbers, comments, escaped identifiers and set brackets', () => {
  const { statement } = parseStatement(
    `/* c */ SELECT "a""b" FROM "T" WHERE n IN [1e3, .5, 2.] -- trailing\n AND s = <<1>>;`,
  );
  if (statement.kind !== 'select') return assert.fail('not a select');
  assert.deepEqual(statement.projection, [{ kind: 'path', path: [{ name: 'a"b' }] }]);
  const binder = new Binder([]);
  const condition = compileCondition(statement.where!, binder);
  assert.equal(condition.kind, 'and');
  assert.deepEqual(Object.values(binder.values), [
    { N: '1000' },
    { N: '0.5' },
    { N: '2' },
    { NS: ['1'] },
  ]);
});
