import { StratusError, type StratusErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { TemplateWarning } from '../core/app-model.js';

/** What every stage of the loader needs to know about the stack being loaded. */
export interface TemplateContext {
  /** Template path, as shown in messages. */
  file: string;
  baseDir: string;
  region: string;
  accountId: string;
  stackName: string;
  /** Base URL of the AWS endpoint, without a trailing slash. */
  awsEndpoint: string;
  warnings: TemplateWarning[];
  logger?: Logger;
}

/** Records a non-fatal finding, and logs it when a logger was given. */
export function warn(ctx: TemplateContext, logicalId: string | undefined, message: string): void {
  ctx.warnings.push(logicalId === undefined ? { message } : { logicalId, message });
  ctx.logger?.warn(`${ctx.file}: ${logicalId === undefined ? '' : logicalId + ': '}${message}`);
}

/** An operator error naming the template file and the property path, e.g. `Resources.Fn.Properties.X`. */
export function templateError(
  ctx: Pick<TemplateContext, 'file'>,
  path: string,
  message: string,
  code: StratusErrorCode = 'ERR_TEMPLATE_INVALID',
): StratusError {
  return new StratusError(code, `${ctx.file}: ${path === '' ? '' : path + ': '}${message}`);
}
