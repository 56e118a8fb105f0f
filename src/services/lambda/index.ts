/**
 * Lambda API on the AWS endpoint (REST-JSON, `/2015-03-31/functions/...`).
 *
 * Parity:
 * - Supported: Invoke (RequestResponse, Event, DryRun; `X-Amz-Function-Error`,
 *   `X-Amz-Executed-Version`, `X-Amz-Log-Type: Tail` → `X-Amz-Log-Result`, client context),
 *   GetFunction, GetFunctionConfiguration, ListFunctions (Marker/MaxItems paging), AWS's
 *   validation messages for FunctionName, InvocationType and LogType; Create / Get / List /
 *   Update / DeleteEventSourceMapping (kept in the store; template mappings are listed too and
 *   can be changed or deleted through the API); Put / Update / Get / Delete /
 *   ListFunctionEventInvokeConfig(s) (kept in the store, winning over the template's).
 * - `Event` invokes are queued durably by the function runtime (retries, event age, destinations,
 *   dead-letter queues; see `src/functions/index.ts`).
 * - Gaps: versions and aliases (only `$LATEST`), Create/Update/DeleteFunction, permissions,
 *   layers, tags, account settings, InvokeWithResponseStream.
 * - By design: functions come from the template; a function is named after its logical id unless
 *   `FunctionName` is set; GetFunction's `Code.Location` is a `file://` URL of the code folder.
 */
export { lambdaService, lambdaRequestTooLarge } from './lambda-service.js';
export type {
  LambdaBackend,
  LambdaFunctionInfo,
  LambdaInvokeConfigRecord,
  LambdaInvokeConfigsBackend,
  LambdaInvokeInput,
  LambdaInvokeOutput,
  LambdaMappingRecord,
  LambdaMappingsBackend,
} from './backend.js';
