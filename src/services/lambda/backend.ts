/**
 * What the Lambda API needs from the function runtime. The runtime satisfies this structurally;
 * the service never imports it (services stay independent of the layers that run code).
 */
import type {
  EventInvokeConfigModel,
  EventSourceMappingModel,
  FunctionModel,
} from '../../core/app-model.js';

export interface LambdaInvokeInput {
  functionName: string;
  qualifier?: string;
  payload: Buffer;
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  logType?: 'None' | 'Tail';
  clientContext?: string;
}

export interface LambdaInvokeOutput {
  requestId: string;
  statusCode: 200 | 202 | 204;
  payload: Buffer;
  functionError?: 'Unhandled' | 'Handled';
  executedVersion: string;
  logResult?: string;
}

export interface LambdaFunctionInfo {
  model: FunctionModel;
  lastModified: string;
  codeSha256: string;
  codeSize: number;
}

export interface LambdaBackend {
  invoke(input: LambdaInvokeInput): Promise<LambdaInvokeOutput>;
  /** By name or ARN (a qualifier in the reference is ignored here; callers check it). */
  get(name: string): LambdaFunctionInfo | undefined;
  list(): LambdaFunctionInfo[];
}

/** A stored event source mapping (the triggers' MappingRegistry satisfies LambdaMappingsBackend). */
export interface LambdaMappingRecord {
  model: EventSourceMappingModel;
  /** Epoch ms. */
  lastModified: number;
}

/** What the event source mapping operations need. */
export interface LambdaMappingsBackend {
  list(filter?: { functionName?: string; eventSourceArn?: string }): LambdaMappingRecord[];
  get(uuid: string): LambdaMappingRecord | undefined;
  put(model: EventSourceMappingModel): Promise<LambdaMappingRecord>;
  delete(uuid: string): Promise<LambdaMappingRecord | undefined>;
}

/** An EventInvokeConfig with when it last changed (epoch ms). */
export interface LambdaInvokeConfigRecord {
  config: EventInvokeConfigModel;
  lastModified: number;
}

/** What the event-invoke-config operations need (functions' InvokeConfigStore satisfies it). */
export interface LambdaInvokeConfigsBackend {
  get(functionName: string): LambdaInvokeConfigRecord | undefined;
  put(functionName: string, config: EventInvokeConfigModel): Promise<LambdaInvokeConfigRecord>;
  delete(functionName: string): Promise<void>;
}
