import type { AwsError } from '../../../core/errors.js';
import { validationError } from '../values/validation-error.js';
import type { DocumentPath, PathElement } from './ast.js';
import type { ExpressionAttributes, ExpressionParam } from './attribute-names-values.js';
import type { RawPath } from './parser.js';
import { ExpressionSyntaxError } from './parser.js';
import { isReservedWord } from './reserved-words.js';

/** Kinds of semantic error; each expression kind ranks them in AWS's precedence. */
export type IssueCategory =
  | 'parens'
  | 'function'
  | 'misuse'
  | 'reserved'
  | 'section'
  | 'name'
  | 'value'
  | 'overlap'
  | 'conflict'
  | 'type'
  | 'arity'
  | 'limit';

/** Maximum number of components in a document path. */
export const MAX_PATH_DEPTH = 32;
/** Largest list index DynamoDB accepts in a path. */
const MAX_LIST_INDEX = 2 ** 31 - 1;

/**
 * Collects semantic errors while a raw tree is resolved, then reports the one AWS would: the
 * first of the highest-ranked category. Categories missing from `order` share the last rank.
 */
export class SemanticChecker {
  private best: { rank: number; message: string } | undefined;

  constructor(
    readonly param: ExpressionParam,
    readonly attributes: ExpressionAttributes,
    private readonly order: readonly IssueCategory[],
  ) {}

  issue(category: IssueCategory, detail: string): void {
    const index = this.order.indexOf(category);
    const rank = index === -1 ? this.order.length : index;
    if (this.best === undefined || rank < this.best.rank) this.best = { rank, message: detail };
  }

  /** Throws the chosen error, if any. */
  throwIfAny(): void {
    if (this.best !== undefined) throw this.error(this.best.message);
  }

  error(detail: string): AwsError {
    return validationError(`Invalid ${this.param}: ${detail}`);
  }

  /** Resolves a raw path: placeholders, reserved words, depth and index range. */
  resolvePath(raw: RawPath): DocumentPath {
    if (raw.parens > 1) this.issue('parens', 'The expression has redundant parentheses;');
    const path: PathElement[] = [];
    for (const element of raw.elements) {
      if (element.type === 'index') {
        const index = Number(element.text);
        if (index > MAX_LIST_INDEX) {
          this.issue(
            'limit',
            `List index is not within the allowable range; index: [${element.text}]`,
          );
        }
        path.push({ index });
      } else if (element.type === 'bare') {
        if (isReservedWord(element.text)) {
          this.issue(
            'reserved',
            `Attribute name is a reserved keyword; reserved keyword: ${element.text}`,
          );
        }
        path.push({ name: element.text });
      } else {
        const name = this.attributes.name(element.text);
        if (name === undefined) {
          this.issue(
            'name',
            `An expression attribute name used in the document path is not defined; attribute name: ${element.text}`,
          );
        }
        path.push({ name: name ?? element.text });
      }
    }
    if (path.length > MAX_PATH_DEPTH) {
      this.issue(
        'limit',
        `The document path has too many nesting levels; nesting levels: ${path.length}`,
      );
    }
    return path;
  }
}

/** Runs a syntax parser, turning its error into AWS's `Invalid <Param>: Syntax error; …`. */
export function parseOrThrow<T>(param: ExpressionParam, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      throw validationError(`Invalid ${param}: ${error.message}`);
    }
    throw error;
  }
}
