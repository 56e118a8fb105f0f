import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { setElementKey } from '../values/compare.js';
import { addNumberStrings, subtractNumberStrings } from '../values/number.js';
import { validationError } from '../values/validation-error.js';
import type {
  DocumentPath,
  PathElement,
  UpdateExpression,
  UpdateOperand,
  UpdateValue,
} from './ast.js';
import { resolvePath } from './document-path.js';

const MISSING_ATTRIBUTE_MESSAGE =
  'The provided expression refers to an attribute that does not exist in the item';
const WRONG_TYPE_MESSAGE = 'An operand in the update expression has an incorrect data type';
const INVALID_PATH_MESSAGE =
  'The document path provided in the update expression is invalid for update';
// AttributeUpdates' own run-time text for ADD/DELETE on a value of the wrong type [DYN].
const LEGACY_WRONG_TYPE_MESSAGE = 'Type mismatch for attribute to update';

type Values = Readonly<Record<string, AttributeValue>>;

function clone(value: AttributeValue): AttributeValue {
  if ('M' in value) {
    const map: AttributeMap = {};
    for (const key in value.M) map[key] = clone(value.M[key]!);
    return { M: map };
  }
  if ('L' in value) return { L: value.L.map(clone) };
  if ('SS' in value) return { SS: [...value.SS] };
  if ('NS' in value) return { NS: [...value.NS] };
  if ('BS' in value) return { BS: [...value.BS] };
  return value;
}

function valueOf(ref: string, values: Values): AttributeValue {
  const value = values[ref];
  if (value === undefined) {
    throw validationError(
      `An expression attribute value used in expression is not defined; attribute value: ${ref}`,
    );
  }
  return value;
}

function evaluateOperand(
  operand: UpdateOperand,
  item: AttributeMap,
  values: Values,
): AttributeValue {
  switch (operand.kind) {
    case 'value':
      return valueOf(operand.ref, values);
    case 'path': {
      const value = resolvePath(item, operand.path);
      if (value === undefined) throw validationError(MISSING_ATTRIBUTE_MESSAGE);
      return value;
    }
    case 'if_not_exists':
      return resolvePath(item, operand.path) ?? evaluateOperand(operand.fallback, item, values);
    case 'list_append': {
      const first = evaluateOperand(operand.first, item, values);
      const second = evaluateOperand(operand.second, item, values);
      if (!('L' in first) || !('L' in second)) throw validationError(WRONG_TYPE_MESSAGE);
      return { L: [...first.L, ...second.L] };
    }
  }
}

function isArithmetic(
  value: UpdateValue,
): value is Extract<UpdateValue, { kind: 'plus' | 'minus' }> {
  return value.kind === 'plus' || value.kind === 'minus';
}

function evaluateValue(value: UpdateValue, item: AttributeMap, values: Values): AttributeValue {
  if (!isArithmetic(value)) return evaluateOperand(value, item, values);
  const left = evaluateOperand(value.left, item, values);
  const right = evaluateOperand(value.right, item, values);
  if (!('N' in left) || !('N' in right)) throw validationError(WRONG_TYPE_MESSAGE);
  return {
    N:
      value.kind === 'plus'
        ? addNumberStrings(left.N, right.N)
        : subtractNumberStrings(left.N, right.N),
  };
}

/** A place a value lives: the item itself or a map/list inside it, and the step into it. */
interface Slot {
  readonly container: AttributeMap | AttributeValue[];
  readonly element: PathElement;
}

/**
 * The slot a target path designates in `item`, or undefined when its parent is missing. A parent
 * of the wrong kind (`.` into a non-map, `[n]` into a non-list) is AWS's "invalid for update".
 */
function slotOf(item: AttributeMap, path: DocumentPath): Slot | undefined {
  const last = path[path.length - 1]!;
  if (path.length === 1) return { container: item, element: last };
  const parent = resolvePath(item, path.slice(0, -1));
  if (parent === undefined) return undefined;
  if ('name' in last && 'M' in parent) return { container: parent.M, element: last };
  if ('index' in last && 'L' in parent) return { container: parent.L, element: last };
  throw validationError(INVALID_PATH_MESSAGE);
}

function readSlot(slot: Slot): AttributeValue | undefined {
  if (Array.isArray(slot.container)) {
    return 'index' in slot.element ? slot.container[slot.element.index] : undefined;
  }
  return 'name' in slot.element && Object.hasOwn(slot.container, slot.element.name)
    ? slot.container[slot.element.name]
    : undefined;
}

function writeSlot(slot: Slot, value: AttributeValue): void {
  if (Array.isArray(slot.container)) {
    const index = (slot.element as { index: number }).index;
    // An index at or past the end appends; DynamoDB never pads a list.
    if (index >= slot.container.length) slot.container.push(value);
    else slot.container[index] = value;
  } else {
    slot.container[(slot.element as { name: string }).name] = value;
  }
}

function deleteSlot(slot: Slot): void {
  if (Array.isArray(slot.container)) {
    const index = (slot.element as { index: number }).index;
    if (index < slot.container.length) slot.container.splice(index, 1);
  } else {
    delete slot.container[(slot.element as { name: string }).name];
  }
}

function indexOf(slot: Slot): number {
  return 'index' in slot.element ? slot.element.index : 0;
}

function setUnion(
  type: 'SS' | 'NS' | 'BS',
  existing: string[],
  added: readonly string[],
): string[] {
  const keys = new Set(existing.map((e) => setElementKey(type, e)));
  const result = [...existing];
  for (const element of added) {
    const key = setElementKey(type, element);
    if (!keys.has(key)) {
      keys.add(key);
      result.push(element);
    }
  }
  return result;
}

function setDifference(
  type: 'SS' | 'NS' | 'BS',
  existing: string[],
  removed: readonly string[],
): string[] {
  const keys = new Set(removed.map((e) => setElementKey(type, e)));
  return existing.filter((e) => !keys.has(setElementKey(type, e)));
}

function addValues(
  existing: AttributeValue,
  added: AttributeValue,
  legacy: boolean,
): AttributeValue {
  const type = typeOf(existing);
  if (type !== typeOf(added))
    throw validationError(legacy ? LEGACY_WRONG_TYPE_MESSAGE : WRONG_TYPE_MESSAGE);
  switch (type) {
    case 'N':
      return { N: addNumberStrings((existing as { N: string }).N, (added as { N: string }).N) };
    case 'SS':
    case 'NS':
    case 'BS': {
      const elements = setUnion(
        type,
        (existing as Record<string, string[]>)[type]!,
        (added as Record<string, string[]>)[type]!,
      );
      return { [type]: elements } as AttributeValue;
    }
    case 'L':
      // Only AttributeUpdates' ADD appends lists; the parser keeps lists out of expression ADD.
      if (legacy)
        return {
          L: [
            ...(existing as { L: AttributeValue[] }).L,
            ...(added as { L: AttributeValue[] }).L.map(clone),
          ],
        };
      break;
    default:
      break;
  }
  throw validationError(legacy ? LEGACY_WRONG_TYPE_MESSAGE : WRONG_TYPE_MESSAGE);
}

/**
 * Applies an update to an item and returns the new item; the input item is not modified. Pass
 * the key alone as `item` when the item does not exist (UpdateItem upserts). All right-hand sides
 * are evaluated against the old item first, then SET, REMOVE, ADD and DELETE are applied. Throws
 * AWS's run-time ValidationExceptions (missing attribute, wrong data type, invalid path,
 * number overflow); the caller checks the resulting item size and key rules.
 */
export function applyUpdate(
  update: UpdateExpression,
  item: AttributeMap,
  values: Values,
): AttributeMap {
  const legacy = update.legacy === true;
  const setValues = update.set.map((action) => evaluateValue(action.value, item, values));

  // Copy only the top-level attributes the update touches; the rest are shared with the old item.
  const result: AttributeMap = { ...item };
  const touched = new Set<string>();
  const visit = (path: DocumentPath): void => {
    const first = path[0];
    if (first !== undefined && 'name' in first) touched.add(first.name);
  };
  update.set.forEach((a) => visit(a.path));
  update.remove.forEach(visit);
  update.add.forEach((a) => visit(a.path));
  update.delete.forEach((a) => visit(a.path));
  for (const name of touched) {
    const value = result[name];
    if (value !== undefined) result[name] = clone(value);
  }

  update.set.forEach((action, i) => {
    const slot = slotOf(result, action.path);
    if (slot === undefined) throw validationError(INVALID_PATH_MESSAGE);
    writeSlot(slot, clone(setValues[i]!));
  });

  // REMOVE indexes refer to the list as it was: find every slot first, then delete from the end.
  // A missing parent of a nested target is an error (AWS), a missing leaf a no-op.
  const removals = update.remove.map((path) => {
    const slot = slotOf(result, path);
    if (slot === undefined) throw validationError(INVALID_PATH_MESSAGE);
    return slot;
  });
  const byContainer = new Map<Slot['container'], Slot[]>();
  for (const slot of removals) {
    const group = byContainer.get(slot.container);
    if (group === undefined) byContainer.set(slot.container, [slot]);
    else group.push(slot);
  }
  for (const group of byContainer.values()) {
    group.sort((a, b) => indexOf(b) - indexOf(a)).forEach(deleteSlot);
  }

  for (const action of update.add) {
    const slot = slotOf(result, action.path);
    if (slot === undefined) throw validationError(INVALID_PATH_MESSAGE);
    const added = valueOf(action.value.ref, values);
    const existing = readSlot(slot);
    writeSlot(slot, existing === undefined ? clone(added) : addValues(existing, added, legacy));
  }

  for (const action of update.delete) {
    const slot = slotOf(result, action.path);
    if (slot === undefined) throw validationError(INVALID_PATH_MESSAGE);
    const existing = readSlot(slot);
    if (existing === undefined) continue;
    const removed = valueOf(action.value.ref, values);
    const type = typeOf(existing);
    if ((type !== 'SS' && type !== 'NS' && type !== 'BS') || typeOf(removed) !== type) {
      throw validationError(legacy ? LEGACY_WRONG_TYPE_MESSAGE : WRONG_TYPE_MESSAGE);
    }
    const remaining = setDifference(
      type,
      (existing as Record<string, string[]>)[type]!,
      (removed as Record<string, string[]>)[type]!,
    );
    // Empty sets cannot exist: removing the last element removes the attribute.
    if (remaining.length === 0) deleteSlot(slot);
    else writeSlot(slot, { [type]: remaining } as AttributeValue);
  }
  return result;
}
