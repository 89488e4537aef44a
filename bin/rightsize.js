#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx rightsize` works right after `npm ci` with no build.
// The container image runs the compiled dist/src/cli.js instead (see Dockerfile).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv);
