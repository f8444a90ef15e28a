#!/usr/bin/env node
// Entry point of the `kubesim` command. Runs the bundled CLI (dist/cli-bundle/, built by `npm install` through the
// `prepare` script, or by `npm run build:cli`) when it is there and no source file is newer than it; otherwise loads
// the TypeScript sources through tsx, so a fresh clone, or one whose sources changed since the last build, still
// runs the code as it is. KUBESIM_FROM_SOURCE=1 always runs the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/cli-bundle/main.mjs`;

/** Whether some file or folder under `dir` changed after `builtMs` (a few milliseconds for 200 files). */
function changedSince(dir, builtMs) {
  if (statSync(dir).mtimeMs > builtMs) return true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory() ? changedSince(path, builtMs) : statSync(path).mtimeMs > builtMs) return true;
  }
  return false;
}

if (process.env.KUBESIM_DEBUG) process.setSourceMapsEnabled(true);
let main;
if (process.env.KUBESIM_FROM_SOURCE !== '1' && existsSync(bundle) && !changedSince(`${root}src`, statSync(bundle).mtimeMs)) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
