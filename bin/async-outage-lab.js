#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Checked before importing rather than read from the import's error message, whose path
// spelling differs by platform (dist\cli.js, file:///C:/...).
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('async-outage-lab is not built yet: run `npm install` (or `npm run build`) in the project first.');
  process.exit(3);
}
await import(cli.href);
