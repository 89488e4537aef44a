#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx rightsize` works right after `npm ci` with no build.
// A build (`npm run build`) can run without tsx: `node dist/src/cli.js`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv);
