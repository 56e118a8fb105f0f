/**
 * The AWS services Stratus serves on its AWS endpoint, in one literal list. Each entry says how to
 * create the service from what the composition root has, and how to deploy the template's
 * resources of that service onto it. Adding a service is adding one entry here.
 */
import type { AppModel } from '../core/app-model.js';
import type { AwsError } from '../core/errors.js';
import type { ServiceContext, ServiceDefinition, ServiceInstance } from '../protocol/types.js';
import type { FunctionRuntime } from '../functions/index.js';
import type { Store } from '../store/index.js';
import { lambdaRequestTooLarge, lambdaService } from '../services/lambda/index.js';

/** Everything a service may be given when it is created. */
export interface ServiceDeps extends ServiceContext {
  store: Store;
  functions: FunctionRuntime;
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
];
