/** The Lambda service definition: REST-JSON routes → operations over a LambdaBackend. */
import { AwsError } from '../../core/errors.js';
import {
  createRestJsonRouter,
  restJsonError,
  type RestJsonRoute,
} from '../../protocol/rest-json.js';
import type { AwsRequest, AwsResponse, ServiceDefinition } from '../../protocol/types.js';
import type {
  LambdaBackend,
  LambdaInvokeConfigsBackend,
  LambdaMappingsBackend,
} from './backend.js';
import { deleteFunctionEventInvokeConfig } from './operations/delete-function-event-invoke-config.js';
import { getFunctionEventInvokeConfig } from './operations/get-function-event-invoke-config.js';
import { listFunctionEventInvokeConfigs } from './operations/list-function-event-invoke-configs.js';
import { putFunctionEventInvokeConfig } from './operations/put-function-event-invoke-config.js';
import { updateFunctionEventInvokeConfig } from './operations/update-function-event-invoke-config.js';
import { createEventSourceMapping } from './operations/create-event-source-mapping.js';
import { deleteEventSourceMapping } from './operations/delete-event-source-mapping.js';
import { getEventSourceMapping } from './operations/get-event-source-mapping.js';
import { listEventSourceMappings } from './operations/list-event-source-mappings.js';
import { updateEventSourceMapping } from './operations/update-event-source-mapping.js';
import { getFunctionConfiguration } from './operations/get-function-configuration.js';
import { getFunction } from './operations/get-function.js';
import { invoke } from './operations/invoke.js';
import { listFunctions } from './operations/list-functions.js';

const INVOKE_CONFIG_PATH = '/2019-09-25/functions/{FunctionName}/event-invoke-config';

/** Routes from the Lambda API model (2015-03-31 and 2019-09-25). */
const ROUTES: readonly RestJsonRoute[] = [
  { operation: 'Invoke', method: 'POST', path: '/2015-03-31/functions/{FunctionName}/invocations' },
  {
    operation: 'GetFunctionConfiguration',
    method: 'GET',
    path: '/2015-03-31/functions/{FunctionName}/configuration',
  },
  { operation: 'GetFunction', method: 'GET', path: '/2015-03-31/functions/{FunctionName}' },
  { operation: 'ListFunctions', method: 'GET', path: '/2015-03-31/functions/' },
  {
    operation: 'CreateEventSourceMapping',
    method: 'POST',
    path: '/2015-03-31/event-source-mappings/',
  },
  {
    operation: 'ListEventSourceMappings',
    method: 'GET',
    path: '/2015-03-31/event-source-mappings/',
  },
  {
    operation: 'GetEventSourceMapping',
    method: 'GET',
    path: '/2015-03-31/event-source-mappings/{UUID}',
  },
  {
    operation: 'UpdateEventSourceMapping',
    method: 'PUT',
    path: '/2015-03-31/event-source-mappings/{UUID}',
  },
  {
    operation: 'DeleteEventSourceMapping',
    method: 'DELETE',
    path: '/2015-03-31/event-source-mappings/{UUID}',
  },
  {
    operation: 'ListFunctionEventInvokeConfigs',
    method: 'GET',
    path: '/2019-09-25/functions/{FunctionName}/event-invoke-config/list',
  },
  { operation: 'PutFunctionEventInvokeConfig', method: 'PUT', path: INVOKE_CONFIG_PATH },
  { operation: 'UpdateFunctionEventInvokeConfig', method: 'POST', path: INVOKE_CONFIG_PATH },
  { operation: 'GetFunctionEventInvokeConfig', method: 'GET', path: INVOKE_CONFIG_PATH },
  { operation: 'DeleteFunctionEventInvokeConfig', method: 'DELETE', path: INVOKE_CONFIG_PATH },
];

/** Sync invoke bodies up to 6 MB reach the function; a little more is read so the limit error is Lambda's. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024 + 1024;

const LAMBDA_PATH =
  /^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings|layers|tags|account-settings)/;

export const lambdaService: ServiceDefinition<{
  functions: LambdaBackend;
  mappings: LambdaMappingsBackend;
  invokeConfigs: LambdaInvokeConfigsBackend;
}> = {
  name: 'lambda',
  protocol: 'rest-json',
  maxRequestBytes: MAX_REQUEST_BYTES,
  matches: (head) => LAMBDA_PATH.test(head.path),
  create(ctx) {
    const route = createRestJsonRouter(ROUTES);
    const backend = ctx.functions;
    const mappings = ctx.mappings;
    const configs = ctx.invokeConfigs;
    const dispatch = async (req: AwsRequest): Promise<AwsResponse> => {
      const matched = route(req);
      if (matched === undefined) {
        throw new AwsError(
          'UnknownOperationException',
          `Unknown operation ${req.method} ${req.path}`,
          {
            status: 404,
            fields: { Type: 'User' },
          },
        );
      }
      switch (matched.operation) {
        case 'Invoke':
          return invoke(backend, req, matched.params);
        case 'GetFunction':
          return getFunction(backend, req, matched.params, ctx);
        case 'GetFunctionConfiguration':
          return getFunctionConfiguration(backend, req, matched.params, ctx);
        case 'CreateEventSourceMapping':
          return createEventSourceMapping(backend, mappings, req, ctx);
        case 'ListEventSourceMappings':
          return listEventSourceMappings(mappings, req, ctx);
        case 'GetEventSourceMapping':
          return getEventSourceMapping(mappings, req, matched.params, ctx);
        case 'UpdateEventSourceMapping':
          return updateEventSourceMapping(backend, mappings, req, matched.params, ctx);
        case 'DeleteEventSourceMapping':
          return deleteEventSourceMapping(mappings, req, matched.params, ctx);
        case 'PutFunctionEventInvokeConfig':
          return putFunctionEventInvokeConfig(backend, configs, req, matched.params, ctx);
        case 'UpdateFunctionEventInvokeConfig':
          return updateFunctionEventInvokeConfig(backend, configs, req, matched.params, ctx);
        case 'GetFunctionEventInvokeConfig':
          return getFunctionEventInvokeConfig(backend, configs, req, matched.params, ctx);
        case 'DeleteFunctionEventInvokeConfig':
          return deleteFunctionEventInvokeConfig(backend, configs, req, matched.params, ctx);
        case 'ListFunctionEventInvokeConfigs':
          return listFunctionEventInvokeConfigs(backend, configs, req, matched.params, ctx);
        default:
          return listFunctions(backend, req);
      }
    };
    return {
      async handle(req) {
        try {
          return await dispatch(req);
        } catch (e) {
          if (e instanceof AwsError) return restJsonError(req, e);
          ctx.logger.error(`lambda: ${req.method} ${req.path} failed`, e);
          return restJsonError(
            req,
            new AwsError('ServiceException', 'An internal error occurred.', {
              status: 500,
              fields: { Type: 'Service' },
            }),
          );
        }
      },
      describe: () => ({ functions: backend.list().map((f) => f.model.name) }),
    };
  },
};

/** Lambda's answer for a request body over the limit. */
export function lambdaRequestTooLarge(): AwsError {
  return new AwsError(
    'RequestTooLargeException',
    'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    { status: 413, fields: { Type: 'User' } },
  );
}
