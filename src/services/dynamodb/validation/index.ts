/**
 * Request validation before any semantics (§1.2, §1.5, §5.1 steps 2–3): one declarative input
 * schema per operation (`input-schema.ts`, data only, built with the shape vocabulary of
 * `shapes.ts`) and its interpreter (`validate-input.ts`): SerializationException for type errors,
 * the "N validation errors detected" constraint messages with AWS's member paths, an invalid
 * TableName reported alone, booleans sent as strings coerced.
 */
export { INPUT_SCHEMAS } from './input-schema.js';
export { formatJava, validateInput } from './validate-input.js';
export type { Member, Shape, StructShape } from './shapes.js';
