import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStratusError } from '../core/errors.js';
import { paramNamesOf, RouteTree, splitPath, type RouteValue } from './route-tree.js';

interface V extends RouteValue {
  id: string;
}

function tree(routes: [string, string][], anyCovers: (m: string) => boolean = () => true) {
  const t = new RouteTree<V>(anyCovers);
  for (const [method, path] of routes)
    t.add(path, method, { id: `${method} ${path}`, paramNames: paramNamesOf(path) });
  return (method: string, path: string, greedy = true) => {
    const m = t.match(splitPath(path), method, greedy);
    return m === undefined ? undefined : { id: m.value.id, params: m.params };
  };
}

test('splitPath ignores the leading slash and one trailing slash', () => {
  assert.deepEqual(splitPath('/'), []);
  assert.deepEqual(splitPath(''), []);
  assert.deepEqual(splitPath('/a/b/'), ['a', 'b']);
  assert.deepEqual(splitPath('/a//b'), ['a', '', 'b']);
});

test('static beats {param} beats {proxy+}, with fallback when a branch cannot finish', () => {
  const find = tree([
    ['GET', '/pets/special'],
    ['GET', '/pets/{id}'],
    ['GET', '/pets/{id}/toys'],
    ['GET', '/{proxy+}'],
  ]);
  assert.equal(find('GET', '/pets/special')?.id, 'GET /pets/special');
  assert.deepEqual(find('GET', '/pets/7'), { id: 'GET /pets/{id}', params: ['7'] });
  // `/pets/special/toys` has no static continuation; it falls back to the {id} branch.
  assert.deepEqual(find('GET', '/pets/special/toys'), {
    id: 'GET /pets/{id}/toys',
    params: ['special'],
  });
  assert.deepEqual(find('GET', '/pets/7/x/y'), { id: 'GET /{proxy+}', params: ['pets/7/x/y'] });
});

test('{proxy+} never matches its parent', () => {
  const find = tree([['GET', '/a/{proxy+}']]);
  assert.equal(find('GET', '/a'), undefined);
  assert.equal(find('GET', '/a/'), undefined);
  assert.deepEqual(find('GET', '/a/b'), { id: 'GET /a/{proxy+}', params: ['b'] });
  assert.equal(tree([['GET', '/{proxy+}']])('GET', '/'), undefined);
});

test('the exact method beats ANY, and ANY covers only what anyCovers allows', () => {
  const find = tree(
    [
      ['ANY', '/x'],
      ['GET', '/x'],
    ],
    (m) => m !== 'PROPFIND',
  );
  assert.equal(find('GET', '/x')?.id, 'GET /x');
  assert.equal(find('POST', '/x')?.id, 'ANY /x');
  assert.equal(find('PROPFIND', '/x'), undefined);
});

test('method-aware fallback: a static resource without the method falls back to a variable sibling', () => {
  const find = tree([
    ['GET', '/items/new'],
    ['POST', '/items/{id}'],
  ]);
  assert.deepEqual(find('POST', '/items/new'), { id: 'POST /items/{id}', params: ['new'] });
});

test('greedy routes can be excluded (HTTP APIs rank full matches first)', () => {
  const find = tree([
    ['GET', '/{a}/{b}'],
    ['GET', '/pets/{proxy+}'],
  ]);
  assert.equal(find('GET', '/pets/x', false)?.id, 'GET /{a}/{b}');
  assert.equal(find('GET', '/pets/x/y', false), undefined);
});

test('a greedy variable that is not last, or a duplicate route, is a template error', () => {
  const t = new RouteTree<V>(() => true);
  assert.throws(
    () => t.add('/{proxy+}/x', 'GET', { id: 'x', paramNames: [] }),
    (e) => isStratusError(e, 'ERR_TEMPLATE_INVALID'),
  );
  t.add('/a', 'GET', { id: 'a', paramNames: [] });
  assert.throws(
    () => t.add('/a/', 'GET', { id: 'b', paramNames: [] }),
    (e) => isStratusError(e, 'ERR_TEMPLATE_INVALID'),
  );
});
