/**
 * The vocabulary of the declarative input schema: a small subset of the AWS service model's shape
 * types and constraints, enough to reproduce DynamoDB's SerializationException and "coral"
 * constraint messages (§1.2, §1.5).
 */

export interface StringShape {
  readonly t: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** Enum values in the model's order (the order AWS prints them). */
  readonly enum?: readonly string[];
}

export interface NumberShape {
  readonly t: 'integer' | 'long';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly t: 'boolean';
}

export interface ListShape {
  readonly t: 'list';
  readonly member: Shape;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape {
  readonly t: 'map';
  readonly value: Shape;
  readonly min?: number;
  readonly max?: number;
}

export interface StructShape {
  readonly t: 'struct';
  /** Java class name, used when AWS prints the structure in a message. */
  readonly name: string;
  readonly members: Readonly<Record<string, Member>>;
}

/** Validated elsewhere (AttributeValues, AttributeValue maps): only "is an object" is checked here. */
export interface OpaqueShape {
  readonly t: 'attributeValue' | 'attributeMap' | 'any';
}

export type Shape =
  StringShape | NumberShape | BooleanShape | ListShape | MapShape | StructShape | OpaqueShape;

/** A structure member: its shape plus whether it is required and how AWS names its path. */
export type Member = Shape & {
  readonly required?: boolean;
  /**
   * Control-plane operations report a missing TableName with their own sentence instead of the
   * coral message (§5.2 #2).
   */
  readonly requiredSentence?: boolean;
  /** The newer validation layer: `Value at 'Limit'` (no value, PascalCase path) (§1.5). */
  readonly newerStyle?: boolean;
};

export const str = (c: Omit<StringShape, 't'> = {}): StringShape => ({ t: 'string', ...c });
export const int = (c: Omit<NumberShape, 't'> = {}): NumberShape => ({ t: 'integer', ...c });
export const long = (c: Omit<NumberShape, 't'> = {}): NumberShape => ({ t: 'long', ...c });
export const bool: BooleanShape = { t: 'boolean' };
export const list = (member: Shape, c: Omit<ListShape, 't' | 'member'> = {}): ListShape => ({
  t: 'list',
  member,
  ...c,
});
export const map = (value: Shape, c: Omit<MapShape, 't' | 'value'> = {}): MapShape => ({
  t: 'map',
  value,
  ...c,
});
export const struct = (name: string, members: Record<string, Member>): StructShape => ({
  t: 'struct',
  name,
  members,
});
export const attributeValue: OpaqueShape = { t: 'attributeValue' };
export const attributeMap: OpaqueShape = { t: 'attributeMap' };
export const anything: OpaqueShape = { t: 'any' };
/** Marks a member required. */
export const req = <S extends Shape>(shape: S): S & { required: true } => ({
  ...shape,
  required: true,
});
