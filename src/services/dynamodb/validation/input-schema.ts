/**
 * The input schema of every DynamoDB operation Stratus answers: members, types and the model's
 * constraints (required, lengths, ranges, enums, patterns), from the `dynamodb-2012-08-10` model.
 * Data only; `validate-input.ts` interprets it.
 */
import {
  anything,
  attributeMap,
  attributeValue,
  bool,
  int,
  list,
  long,
  map,
  req,
  str,
  struct,
  type Member,
  type StructShape,
} from './shapes.js';

const TABLE_NAME_PATTERN = '[a-zA-Z0-9_.-]+';

/** A table name or ARN, as data-plane operations take it. */
const tableNameOrArn = str({ min: 1, max: 1024 });
/** A new table's name (CreateTable). */
const tableName = str({ min: 3, max: 255, pattern: TABLE_NAME_PATTERN });
const indexName = str({ min: 3, max: 255, pattern: TABLE_NAME_PATTERN });
/** Control-plane operations: a missing TableName gets its own sentence (§5.2 #2). */
const controlTableName: Member = { ...tableNameOrArn, required: true, requiredSentence: true };

const returnConsumedCapacity = str({ enum: ['INDEXES', 'TOTAL', 'NONE'] });
const returnItemCollectionMetrics = str({ enum: ['SIZE', 'NONE'] });
const returnValues = str({ enum: ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'] });
const returnValuesOnConditionCheckFailure = str({ enum: ['ALL_OLD', 'NONE'] });
const conditionalOperator = str({ enum: ['AND', 'OR'] });
const select = str({
  enum: ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'],
});
const attributesToGet = list(str({ min: 1, max: 65535 }), { min: 1 });
const expressionAttributeNames = map(str());
const expressionAttributeValues = map(attributeValue);
const comparisonOperator = str({
  enum: [
    'EQ',
    'NE',
    'IN',
    'LE',
    'LT',
    'GE',
    'GT',
    'BETWEEN',
    'NOT_NULL',
    'NULL',
    'CONTAINS',
    'NOT_CONTAINS',
    'BEGINS_WITH',
  ],
});
const condition = struct('Condition', {
  AttributeValueList: list(attributeValue),
  ComparisonOperator: req(comparisonOperator),
});
const expected = map(
  struct('ExpectedAttributeValue', {
    Value: attributeValue,
    Exists: bool,
    ComparisonOperator: comparisonOperator,
    AttributeValueList: list(attributeValue),
  }),
);
const filter = map(condition);

const keySchema = list(
  struct('KeySchemaElement', {
    AttributeName: req(str({ min: 1, max: 255 })),
    KeyType: req(str({ enum: ['HASH', 'RANGE'] })),
  }),
  { min: 1, max: 2 },
);
const attributeDefinitions = list(
  struct('AttributeDefinition', {
    AttributeName: req(str({ min: 1, max: 255 })),
    AttributeType: req(str({ enum: ['B', 'N', 'S'] })),
  }),
);
const provisionedThroughput = struct('ProvisionedThroughput', {
  ReadCapacityUnits: req(long({ min: 1 })),
  WriteCapacityUnits: req(long({ min: 1 })),
});
const projection = struct('Projection', {
  ProjectionType: str({ enum: ['ALL', 'INCLUDE', 'KEYS_ONLY'] }),
  NonKeyAttributes: list(str({ min: 1, max: 255 }), { min: 1, max: 20 }),
});
const streamSpecification = struct('StreamSpecification', {
  StreamEnabled: req(bool),
  StreamViewType: str({ enum: ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'] }),
});
const billingMode = str({ enum: ['PROVISIONED', 'PAY_PER_REQUEST'] });
const tags = list(
  struct('Tag', { Key: req(str({ min: 1, max: 128 })), Value: req(str({ min: 0, max: 256 })) }),
);
const globalSecondaryIndex = struct('GlobalSecondaryIndex', {
  IndexName: req(indexName),
  KeySchema: req(keySchema),
  Projection: projection,
  ProvisionedThroughput: provisionedThroughput,
  OnDemandThroughput: anything,
  WarmThroughput: anything,
});
const localSecondaryIndex = struct('LocalSecondaryIndex', {
  IndexName: req(indexName),
  KeySchema: req(keySchema),
  Projection: projection,
});

const keysAndAttributes = struct('KeysAndAttributes', {
  Keys: req(list(attributeMap, { min: 1 })),
  AttributesToGet: attributesToGet,
  ConsistentRead: bool,
  ProjectionExpression: str(),
  ExpressionAttributeNames: expressionAttributeNames,
});
const writeRequest = struct('WriteRequest', {
  PutRequest: struct('PutRequest', { Item: req(attributeMap) }),
  DeleteRequest: struct('DeleteRequest', { Key: req(attributeMap) }),
});

const conditional = {
  ConditionExpression: str(),
  ExpressionAttributeNames: expressionAttributeNames,
  ExpressionAttributeValues: expressionAttributeValues,
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
};

const transactWriteItem = struct('TransactWriteItem', {
  ConditionCheck: struct('ConditionCheck', {
    Key: req(attributeMap),
    TableName: req(tableNameOrArn),
    ...conditional,
    ConditionExpression: req(str()),
  }),
  Put: struct('Put', { Item: req(attributeMap), TableName: req(tableNameOrArn), ...conditional }),
  Delete: struct('Delete', {
    Key: req(attributeMap),
    TableName: req(tableNameOrArn),
    ...conditional,
  }),
  Update: struct('Update', {
    Key: req(attributeMap),
    UpdateExpression: req(str()),
    TableName: req(tableNameOrArn),
    ...conditional,
  }),
});

/** Input schema per operation (AWS's exact operation names). */
export const INPUT_SCHEMAS: Readonly<Record<string, StructShape>> = {
  PutItem: struct('PutItemInput', {
    TableName: req(tableNameOrArn),
    Item: req(attributeMap),
    Expected: expected,
    ReturnValues: returnValues,
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    ConditionalOperator: conditionalOperator,
    ConditionExpression: str(),
    ExpressionAttributeNames: expressionAttributeNames,
    ExpressionAttributeValues: expressionAttributeValues,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  }),
  GetItem: struct('GetItemInput', {
    TableName: req(tableNameOrArn),
    Key: req(attributeMap),
    AttributesToGet: attributesToGet,
    ConsistentRead: bool,
    ReturnConsumedCapacity: returnConsumedCapacity,
    ProjectionExpression: str(),
    ExpressionAttributeNames: expressionAttributeNames,
  }),
  UpdateItem: struct('UpdateItemInput', {
    TableName: req(tableNameOrArn),
    Key: req(attributeMap),
    AttributeUpdates: map(
      struct('AttributeValueUpdate', {
        Value: attributeValue,
        Action: str({ enum: ['ADD', 'PUT', 'DELETE'] }),
      }),
    ),
    Expected: expected,
    ConditionalOperator: conditionalOperator,
    ReturnValues: returnValues,
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    UpdateExpression: str(),
    ConditionExpression: str(),
    ExpressionAttributeNames: expressionAttributeNames,
    ExpressionAttributeValues: expressionAttributeValues,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  }),
  DeleteItem: struct('DeleteItemInput', {
    TableName: req(tableNameOrArn),
    Key: req(attributeMap),
    Expected: expected,
    ConditionalOperator: conditionalOperator,
    ReturnValues: returnValues,
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    ConditionExpression: str(),
    ExpressionAttributeNames: expressionAttributeNames,
    ExpressionAttributeValues: expressionAttributeValues,
    ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure,
  }),
  Query: struct('QueryInput', {
    TableName: req(tableNameOrArn),
    IndexName: indexName,
    Select: select,
    AttributesToGet: attributesToGet,
    Limit: { ...int({ min: 1 }), newerStyle: true },
    ConsistentRead: bool,
    KeyConditions: filter,
    QueryFilter: filter,
    ConditionalOperator: conditionalOperator,
    ScanIndexForward: bool,
    ExclusiveStartKey: attributeMap,
    ReturnConsumedCapacity: returnConsumedCapacity,
    ProjectionExpression: str(),
    FilterExpression: str(),
    KeyConditionExpression: str(),
    ExpressionAttributeNames: expressionAttributeNames,
    ExpressionAttributeValues: expressionAttributeValues,
  }),
  Scan: struct('ScanInput', {
    TableName: req(tableNameOrArn),
    IndexName: indexName,
    AttributesToGet: attributesToGet,
    Limit: int({ min: 1 }),
    Select: select,
    ScanFilter: filter,
    ConditionalOperator: conditionalOperator,
    ExclusiveStartKey: attributeMap,
    ReturnConsumedCapacity: returnConsumedCapacity,
    TotalSegments: int({ min: 1, max: 1000000 }),
    Segment: int({ min: 0, max: 999999 }),
    ProjectionExpression: str(),
    FilterExpression: str(),
    ExpressionAttributeNames: expressionAttributeNames,
    ExpressionAttributeValues: expressionAttributeValues,
    ConsistentRead: bool,
  }),
  BatchGetItem: struct('BatchGetItemInput', {
    RequestItems: req(map(keysAndAttributes)),
    ReturnConsumedCapacity: returnConsumedCapacity,
  }),
  BatchWriteItem: struct('BatchWriteItemInput', {
    RequestItems: req(map(list(writeRequest, { min: 1, max: 25 }))),
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
  }),
  TransactWriteItems: struct('TransactWriteItemsInput', {
    TransactItems: req(list(transactWriteItem, { min: 1, max: 100 })),
    ReturnConsumedCapacity: returnConsumedCapacity,
    ReturnItemCollectionMetrics: returnItemCollectionMetrics,
    ClientRequestToken: str({ min: 1, max: 36 }),
  }),
  TransactGetItems: struct('TransactGetItemsInput', {
    TransactItems: req(
      list(
        struct('TransactGetItem', {
          Get: req(
            struct('Get', {
              Key: req(attributeMap),
              TableName: req(tableNameOrArn),
              ProjectionExpression: str(),
              ExpressionAttributeNames: expressionAttributeNames,
            }),
          ),
        }),
        { min: 1, max: 100 },
      ),
    ),
    ReturnConsumedCapacity: returnConsumedCapacity,
  }),
  CreateTable: struct('CreateTableInput', {
    AttributeDefinitions: req(attributeDefinitions),
    TableName: { ...tableName, required: true, requiredSentence: true },
    KeySchema: req(keySchema),
    LocalSecondaryIndexes: list(localSecondaryIndex),
    GlobalSecondaryIndexes: list(globalSecondaryIndex),
    BillingMode: billingMode,
    ProvisionedThroughput: provisionedThroughput,
    StreamSpecification: streamSpecification,
    SSESpecification: anything,
    Tags: tags,
    TableClass: str({ enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] }),
    DeletionProtectionEnabled: bool,
    ResourcePolicy: anything,
    OnDemandThroughput: anything,
    WarmThroughput: anything,
  }),
  UpdateTable: struct('UpdateTableInput', {
    AttributeDefinitions: attributeDefinitions,
    TableName: controlTableName,
    BillingMode: billingMode,
    ProvisionedThroughput: provisionedThroughput,
    GlobalSecondaryIndexUpdates: list(
      struct('GlobalSecondaryIndexUpdate', {
        Update: struct('UpdateGlobalSecondaryIndexAction', {
          IndexName: req(indexName),
          ProvisionedThroughput: provisionedThroughput,
        }),
        Create: struct('CreateGlobalSecondaryIndexAction', {
          IndexName: req(indexName),
          KeySchema: req(keySchema),
          Projection: req(projection),
          ProvisionedThroughput: provisionedThroughput,
        }),
        Delete: struct('DeleteGlobalSecondaryIndexAction', { IndexName: req(indexName) }),
      }),
    ),
    StreamSpecification: streamSpecification,
    SSESpecification: anything,
    ReplicaUpdates: anything,
    TableClass: str({ enum: ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] }),
    DeletionProtectionEnabled: bool,
    OnDemandThroughput: anything,
    WarmThroughput: anything,
  }),
  DeleteTable: struct('DeleteTableInput', { TableName: controlTableName }),
  DescribeTable: struct('DescribeTableInput', { TableName: controlTableName }),
  ListTables: struct('ListTablesInput', {
    ExclusiveStartTableName: tableName,
    Limit: int({ min: 1, max: 100 }),
  }),
  TagResource: struct('TagResourceInput', {
    ResourceArn: req(str({ min: 1, max: 1283 })),
    Tags: req(tags),
  }),
  UntagResource: struct('UntagResourceInput', {
    ResourceArn: req(str({ min: 1, max: 1283 })),
    TagKeys: req(list(str({ min: 1, max: 128 }))),
  }),
  ListTagsOfResource: struct('ListTagsOfResourceInput', {
    ResourceArn: req(str({ min: 1, max: 1283 })),
    NextToken: str(),
  }),
  UpdateTimeToLive: struct('UpdateTimeToLiveInput', {
    TableName: req(tableNameOrArn),
    TimeToLiveSpecification: req(
      struct('TimeToLiveSpecification', {
        Enabled: req(bool),
        AttributeName: req(str({ min: 1, max: 255 })),
      }),
    ),
  }),
  DescribeTimeToLive: struct('DescribeTimeToLiveInput', { TableName: req(tableNameOrArn) }),
  DescribeContinuousBackups: struct('DescribeContinuousBackupsInput', {
    TableName: req(tableNameOrArn),
  }),
  DescribeLimits: struct('DescribeLimitsInput', {}),
  DescribeEndpoints: struct('DescribeEndpointsRequest', {}),
};
