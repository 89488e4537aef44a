// Preloaded with `node --import` by test/cli-startup.test.ts: notes the package of every module the process loads
// (ES modules and require() alike, through Node's synchronous module hooks) and writes the sorted list as JSON to
// the file LOADED_PACKAGES_FILE names when the process exits.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const packages = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url);
    if (inPackage) packages.add(inPackage[1]);
    return resolved;
  },
});
process.on('exit', () => writeFileSync(process.env.LOADED_PACKAGES_FILE, JSON.stringify([...packages].sort())));
