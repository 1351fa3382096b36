#!/usr/bin/env node
// Runs the supabase-js interop test against a watchium binary.
//
//   node tests/interop/run-interop.mjs <path/to/watchium>   (or WATCHIUM_BIN=...)
//   node tests/interop/run-interop.mjs --deps                only install the packages
//
// Installs the pinned npm packages with `npm ci` when node_modules is missing
// or was installed from another package-lock.json, then runs
// interop.test.mjs with node's test runner. The test starts its own
// `watchium --server --port 0 --data-dir <tmp>` processes and stops them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const stamp = join(here, 'node_modules', '.watchium-lock-sha256');

function lockHash() {
  return createHash('sha256').update(readFileSync(join(here, 'package-lock.json'))).digest('hex');
}

function ensureDeps() {
  const want = lockHash();
  const installed = existsSync(join(here, 'node_modules', '@supabase', 'supabase-js', 'package.json'));
  if (installed && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) return;
  console.log('interop: npm ci (node_modules missing or stale)');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (npm.error || npm.status !== 0) {
    console.error(`interop: npm ci failed${npm.error ? `: ${npm.error.message}` : ''}`);
    process.exit(1);
  }
  writeFileSync(stamp, `${want}\n`);
}

const [first] = process.argv.slice(2);
if (first === '--deps') {
  ensureDeps();
  process.exit(0);
}

const bin = first ?? process.env.WATCHIUM_BIN;
if (!bin) {
  console.error('usage: node run-interop.mjs <path/to/watchium>  (or set WATCHIUM_BIN)');
  process.exit(2);
}
try {
  accessSync(bin, constants.X_OK);
} catch {
  console.error(`interop: ${bin} is not an executable watchium binary`);
  process.exit(2);
}
ensureDeps();

const run = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', join(here, 'interop.test.mjs')],
  { cwd: here, stdio: 'inherit', env: { ...process.env, WATCHIUM_BIN: resolve(bin) } },
);
if (run.error) console.error(`interop: ${run.error.message}`);
process.exit(run.status ?? 1);
