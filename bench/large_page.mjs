// The large-trace page (bench/large_trace.py: 100,000 tasks, about 1,000,000
// events) and the measurements taken on it, shared by the browser test that
// holds the viewer to its timing and by bench/viewer_bench.mjs that prints
// the figures the README quotes.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterFrames, corosimBinary, hook, repoRoot, runCorosim } from '../tests/browser/harness.mjs';

const PROGRAM = path.join(repoRoot, 'bench', 'large_trace.py');

// Writing the trace and the page takes seconds, so they are kept next to the
// binary under test and rewritten only when the binary or the program changed.
// The page goes through `corosim view`, so reading a large trace back is
// exercised too.
export function ensureLargePage(cacheDir = path.join(path.dirname(corosimBinary()), 'browser-bench')) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const trace = path.join(cacheDir, 'large_trace.json');
  const html = path.join(cacheDir, 'large_trace.html');
  const counts = path.join(cacheDir, 'large_trace.counts.json');
  const newest = Math.max(fs.statSync(corosimBinary()).mtimeMs, fs.statSync(PROGRAM).mtimeMs);
  const fresh = [trace, html, counts].every((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs > newest);
  if (!fresh) {
    runCorosim(['run', PROGRAM, '--trace', trace, '-q']);
    runCorosim(['view', trace, '--html', html]);
    const { tasks, events } = JSON.parse(fs.readFileSync(trace, 'utf8'));
    fs.writeFileSync(counts, JSON.stringify({ tasks: tasks.length, events: events.length }));
  }
  return {
    html, trace, ...JSON.parse(fs.readFileSync(counts, 'utf8')),
    htmlBytes: fs.statSync(html).size, traceBytes: fs.statSync(trace).size,
  };
}

// Opens the page and waits for the viewer; wallMs is what the test runner
// saw from navigation to ready (it includes the polling interval).
export async function openLargePage(browser, html, viewport = { width: 1200, height: 700 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const start = performance.now();
  await page.goto(pathToFileURL(html).href, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__corosimViewer?.ready || window.__corosimViewer?.error,
    null, { timeout: 120000, polling: 10 });
  const wallMs = performance.now() - start;
  const error = await hook(page, 'error');
  if (error) throw new Error(`the large page shows an error: ${error}`);
  return { context, page, wallMs, stats: await hook(page, 'stats') };
}

// One interaction step, then the time the viewer took to draw the frame it
// caused (null when it drew none).
async function frameAfter(page, step) {
  const before = (await hook(page, 'stats')).frames;
  await step();
  await afterFrames(page);
  const stats = await hook(page, 'stats');
  return stats.frames > before ? stats.lastFrameMs : null;
}

// Drags the chart sideways and back (pan), then wheels in and out (zoom),
// as a person would, starting from the fit-all view and from a view zoomed
// in on the middle; returns the frame times of each.
export async function measurePanZoom(page, steps = 30) {
  const box = await page.locator('#chart').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const pan = [];
  const zoom = [];
  for (const zoomedIn of [false, true]) {
    await page.click('#fit');
    if (zoomedIn) {
      const v = await hook(page, 'getView');
      const mid = (v.t0 + v.t1) / 2;
      await hook(page, 'setView', { t0: mid - (v.t1 - v.t0) / 200, t1: mid + (v.t1 - v.t0) / 200 });
    }
    await afterFrames(page);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      const dx = (i <= steps / 2 ? i : steps - i) * 12;
      pan.push(await frameAfter(page, () => page.mouse.move(cx - dx, cy)));
    }
    await page.mouse.up();
    for (let i = 0; i < steps; i++) {
      zoom.push(await frameAfter(page, () => page.mouse.wheel(0, i < steps / 2 ? -240 : 240)));
    }
  }
  return { pan: pan.filter((ms) => ms !== null), zoom: zoom.filter((ms) => ms !== null), attempted: 4 * steps };
}

export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}
