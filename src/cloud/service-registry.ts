/**
 * The AWS services Stratus serves on its AWS endpoint, in one literal list. Each entry says how to
 * create the service from what the composition root has, and how to deploy the template's
 * resources of that service onto it. Adding a service is adding one entry here.
 */
import type { AppModel } from '../core/app-model.js';
import type { AwsError } from '../core/errors.js';
import type { ServiceContext, ServiceDefinition, ServiceInstance } from '../protocol/types.js';
import type { FunctionRuntime, InvokeConfigStore } from '../functions/index.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { Store } from '../store/index.js';
import type { MappingRegistry } from '../triggers/index.js';
import { lambdaRequestTooLarge, lambdaService } from '../services/lambda/index.js';
import { sqsRequestTooLarge, sqsService, type SqsFacade } from '../services/sqs/index.js';
import {
  dynamodbRequestTooLarge,
  dynamodbService,
  type DynamoDbFacade,
} from '../services/dynamodb/index.js';
import {
  snsNoQueueService,
  snsRequestTooLarge,
  snsService,
  type SnsFacade,
} from '../services/sns/index.js';

/** Everything a service may be given when it is created. */
export interface ServiceDeps extends ServiceContext {
  store: Store;
  functions: FunctionRuntime;
  config: ResolvedConfig;
  /** EventInvokeConfigs set through the Lambda API. */
  invokeConfigs: InvokeConfigStore;
  /** Event source mappings (template and API), for the Lambda API. */
  mappings: MappingRegistry;
  /** Facades of the services created before this one, by service name. */
  facades: ReadonlyMap<string, unknown>;
}

export interface ServiceEntry {
  definition: ServiceDefinition<never, unknown>;
  create(deps: ServiceDeps): ServiceInstance;
  /** The service's answer for a body larger than `definition.maxRequestBytes`. */
  tooLarge?: () => AwsError;
  /** Creates or updates the template's resources of this service (called on start and reload). */
  deploy?(instance: ServiceInstance, model: AppModel): Promise<void>;
}

/** Every service, in creation order (a service may use the facades of those before it). */
export const SERVICES: readonly ServiceEntry[] = [
  {
    definition: lambdaService,
    create: (deps) => lambdaService.create({ ...deps, logger: deps.logger.child('lambda') }),
    tooLarge: lambdaRequestTooLarge,
  },
  {
    definition: sqsService,
    create: (deps) => sqsService.create({ ...deps, logger: deps.logger.child('sqs') }),
    tooLarge: sqsRequestTooLarge,
    deploy: (instance, model) => (instance.facade as SqsFacade).deploy(model.queues),
  },
  {
    definition: dynamodbService,
    create: (deps) =>
      dynamodbService.create({
        ...deps,
        logger: deps.logger.child('dynamodb'),
        ttl: { mode: deps.config.ttlMode },
      }),
    tooLarge: dynamodbRequestTooLarge,
    deploy: (instance, model) => (instance.facade as DynamoDbFacade).deployTables(model.tables),
  },
  {
    definition: snsService,
    create: (deps) =>
      snsService.create({
        ...deps,
        logger: deps.logger.child('sns'),
        // Resolved per delivery: SQS may be created after SNS, or absent.
        targets: {
          async sendToQueue(queueArn, message) {
            const sqs = deps.facades.get('sqs') as SqsFacade | undefined;
            if (sqs === undefined) {
              throw snsNoQueueService();
            }
            await sqs.send(queueArn, {
              body: message.body,
              ...(message.attributes !== undefined
                ? { messageAttributes: message.attributes }
                : {}),
              ...(message.groupId !== undefined ? { messageGroupId: message.groupId } : {}),
              ...(message.dedupId !== undefined ? { messageDeduplicationId: message.dedupId } : {}),
              ...(message.traceHeader !== undefined ? { traceHeader: message.traceHeader } : {}),
            });
          },
          async invokeFunction(functionArn, payload) {
            await deps.functions.invoke({
              functionName: functionArn,
              payload,
              invocationType: 'Event',
            });
          },
        },
      }),
    tooLarge: snsRequestTooLarge,
    deploy: (instance, model) =>
      (instance.facade as SnsFacade).deploy(model.topics, model.subscriptions),
  },
];
