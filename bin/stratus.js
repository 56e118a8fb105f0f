#!/usr/bin/env node
// The `stratus` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { main } from '../dist/src/cli/main.js';

process.exit(await main(process.argv.slice(2)));
