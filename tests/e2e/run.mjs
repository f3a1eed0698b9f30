// tierlens — browser end-to-end tests: runs every scenario in scenarios/ (or those named with --only),
// each in browsers of its own, against dist/ served on 127.0.0.1 and the native CLI.
//
//   node tests/e2e/run.mjs --dist dist --cli build-native/tierlens --out test-artifacts [--only a,b] [--keep]
//
// Prints `e2e: N passed, M failed` and exits non-zero on any failure (or when no check ran).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Checks, makeEnv, parseArgs, startServer } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let args;
try { args = parseArgs(process.argv); } catch (e) { console.error('e2e: ' + e.message); process.exit(2); }
const all = fs.readdirSync(path.join(here, 'scenarios')).filter((f) => f.endsWith('.mjs')).sort();
const names = args.only.length ? args.only : all.map((f) => f.replace(/\.mjs$/, ''));
const unknown = names.filter((n) => !all.includes(n + '.mjs'));
if (unknown.length) { console.error(`e2e: no scenario ${unknown.join(', ')} (have: ${all.join(', ')})`); process.exit(2); }

const checks = new Checks();
let server, env;
try {
  server = await startServer(path.resolve(args.dist));
  console.log(`e2e: serving ${args.dist} at ${server.base}`);
  env = makeEnv(args, server, checks);
  for (const name of names) {
    const t0 = Date.now();
    checks.scenario = name;
    console.log(`e2e: scenario ${name}`);
    const mod = await import(path.join(here, 'scenarios', name + '.mjs'));
    await checks.step('scenario ran to its end', () => mod.run(env));
    await env.closeBrowsers();
    console.log(`e2e: scenario ${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} catch (e) {
  checks.check('e2e harness', false, (e && e.stack) || String(e));
} finally {
  if (env) await env.cleanup();
  if (server) server.proc.kill();
}
if (checks.passed + checks.failed === 0) checks.check('at least one check ran', false);
console.log(`e2e: ${checks.passed} passed, ${checks.failed} failed`);
if (checks.failures.length) console.log('failed: ' + checks.failures.join('; '));
process.exit(checks.failed ? 1 : 0);
