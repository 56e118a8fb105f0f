#!/usr/bin/env node
// Writes docs/errors.md from the catalogue in src/core/errors.ts (run after `npm run build`).
// A test (src/core/errors.test.ts) fails when the page and the catalogue disagree.
import { writeFileSync } from 'node:fs';

const { STRATUS_ERROR_CODES } = await import(
  new URL('../dist/src/core/errors.js', import.meta.url).href
);
let page = `# Operator error codes

Every \`StratusError\` carries one of these codes. The catalogue is \`STRATUS_ERROR_CODES\` in
\`src/core/errors.ts\`; this page mirrors it (\`node scripts/errors-doc.js\` rewrites it). Errors an
AWS client sees are \`AwsError\`s with AWS's own codes, documented per service.

| code | meaning |
| --- | --- |
`;
for (const [code, meaning] of Object.entries(STRATUS_ERROR_CODES))
  page += `| \`${code}\` | ${meaning} |\n`;
writeFileSync(new URL('../docs/errors.md', import.meta.url), page);
