/** Input schemas of the PartiQL operations, from the `dynamodb-2012-08-10` model. */
import {
  attributeValue,
  bool,
  int,
  list,
  req,
  str,
  struct,
  type StructShape,
} from '../validation/shapes.js';

const statement = str({ min: 1, max: 8192 });
const parameters = list(attributeValue, { min: 1 });
const returnConsumedCapacity = str({ enum: ['INDEXES', 'TOTAL', 'NONE'] });
const returnValuesOnConditionCheckFailure = str({ enum: ['ALL_OLD', 'NONE'] });

/** Input schema per PartiQL operation (AWS's exact operation names). */
export const PARTIQL_INPUT_SCHEMAS: Readonly<Record<string, StructShape>> = {
  ExecuteStatement: struct('ExecuteStatementInput', {
    Statement: req(statement),
    Parameters: parameters,
    ConsistentRead: bool,
    NextToken: str({ min: 1, max: 32768 }),
    ReturnConsumedCapacity: returnConsumedCapacity,
    Limit: int({ min: 1 }),
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  }),
  BatchExecuteStatement: struct('BatchExecuteStatementInput', {
    Statements: req(
      list(
        struct('BatchStatementRequest', {
          Statement: req(statement),
          Parameters: parameters,
          ConsistentRead: bool,
          ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
        }),
        { min: 1, max: 25 },
      ),
    ),
    ReturnConsumedCapacity: returnConsumedCapacity,
  }),
  ExecuteTransaction: struct('ExecuteTransactionInput', {
    TransactStatements: req(
      list(
        struct('ParameterizedStatement', {
          Statement: req(statement),
          Parameters: parameters,
          ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
        }),
        { min: 1, max: 100 },
      ),
    ),
    ClientRequestToken: str({ min: 1, max: 36 }),
    ReturnConsumedCapacity: returnConsumedCapacity,
  }),
};
