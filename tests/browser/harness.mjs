// What every browser test needs: Debian's chromium driven by playwright-core,
// pages written by the corosim binary under test (env COROSIM), opened from
// disk like a user opens them, and the viewer's test hook.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const emptyViewer = path.join(repoRoot, 'web-viewer', 'dist', 'viewer.html');
export const seedProgram = (n) =>
  fs.readdirSync(path.join(repoRoot, 'scenarios', 'seed'))
    .filter((f) => f.startsWith(String(n).padStart(2, '0') + '_') && f.endsWith('.py'))
    .map((f) => path.join(repoRoot, 'scenarios', 'seed', f))[0];

const CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = 'run scripts/install-deps (it installs Debian\'s chromium and the npm packages of web-viewer/)';

// playwright-core is a dependency of web-viewer/, not of the repository root.
function loadPlaywright() {
  const require = createRequire(path.join(repoRoot, 'web-viewer', 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error(`playwright-core is not installed in web-viewer/node_modules: ${INSTALL_HINT}`);
  }
}

export function corosimBinary() {
  const bin = process.env.COROSIM;
  if (!bin) throw new Error('set COROSIM to the corosim binary under test, e.g. COROSIM=build/corosim node --test tests/browser/');
  const resolved = path.resolve(bin);
  if (!fs.existsSync(resolved)) throw new Error(`COROSIM=${bin}: no such file; build corosim first (scripts/build)`);
  return resolved;
}

// Playwright gives every launch a fresh temporary profile (--user-data-dir)
// and removes it on close; the flags keep Chromium from reaching the network
// on its own, so a page that works here works offline.
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: ${INSTALL_HINT}`);
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Removed when the process exits.
export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `corosim-${prefix}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function runCorosim(args, { cwd } = {}) {
  execFileSync(corosimBinary(), args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

// `corosim run PROGRAM --html OUT`; extra arguments (e.g. --trace) pass through.
export function runToHtml(program, out, extra = [], { cwd } = {}) {
  runCorosim(['run', program, '--html', out, '-q', ...extra], { cwd });
  return out;
}

// Run from the repository root, so the header shows the path a user types.
export function writeSeedPage(dir, n) {
  return runToHtml(path.relative(repoRoot, seedProgram(n)), path.join(dir, `seed-0${n}.html`), [], { cwd: repoRoot });
}

// Opens a page in a fresh context and waits until the viewer is ready or shows
// an error. Everything the page reports that a test may want to forbid is kept:
// console messages, uncaught errors and dialogs (dismissed, so none can block).
export async function openViewer(browser, file, { fragment = '', viewport = { width: 1200, height: 700 }, waitReady = true } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const seen = { console: [], errors: [], dialogs: [] };
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('dialog', (d) => { seen.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.goto(pathToFileURL(file).href + fragment);
  if (waitReady) await waitSettled(page);
  return { context, page, seen };
}

export async function waitSettled(page, timeout = 30000) {
  await page.waitForFunction(() => {
    const v = window.__corosimViewer;
    return v && (v.ready || v.error);
  }, null, { timeout, polling: 20 });
}

// Calls a method of window.__corosimViewer, or reads a property when it is not
// a function.
export function hook(page, name, ...args) {
  return page.evaluate(([n, a]) => {
    const v = window.__corosimViewer[n];
    return typeof v === 'function' ? v.apply(window.__corosimViewer, a) : v;
  }, [name, args]);
}

// Resolves after the browser has painted twice, so whatever an input event
// scheduled has been drawn.
export function afterFrames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

// Violations of the page's Content-Security-Policy or Trusted Types, as
// Chromium reports them on the console.
export function securityViolations(seen) {
  return seen.console.filter((m) => /Content Security Policy|Trusted Type|TrustedHTML|TrustedScript/i.test(m));
}
