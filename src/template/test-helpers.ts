import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppModel } from '../core/app-model.js';
import { loadTemplate, type LoadTemplateOptions } from './load-template.js';

/** Writes `text` as `template.yaml` (or `name`) into a fresh temp dir with a `src/` folder. */
export function writeTemplate(text: string, name = 'template.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-template-'));
  mkdirSync(join(dir, 'src'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Loads `text` as a template with test defaults. */
export function loadText(
  text: string,
  options: Partial<LoadTemplateOptions> = {},
): Promise<AppModel> {
  return loadTemplate({
    templatePath: writeTemplate(text),
    region: 'us-east-1',
    accountId: '123456789012',
    stackName: 'test-stack',
    awsEndpoint: 'http://127.0.0.1:4566',
    ...options,
  });
}

/** The head of a SAM template with a Node function defaults in Globals. */
export const SAM_HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Handler: app.handler
    CodeUri: src/
`;

/** SAM_HEAD with more Globals sections (`extra` is indented YAML under `Globals:`). */
export function samHeadWith(extra: string): string {
  return `${SAM_HEAD}${extra}\n`;
}
