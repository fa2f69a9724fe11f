// Prints the viewer's figures on the large trace (100,000 tasks, ~1,000,000
// events) in headless Chromium: page size, load time and its parts, and frame
// times while panning and zooming. The README quotes them.
// Usage: COROSIM=build/corosim node bench/viewer_bench.mjs [RUNS]   (RUNS page loads, default 3)
import os from 'node:os';
import { launchBrowser } from '../tests/browser/harness.mjs';
import { ensureLargePage, measurePanZoom, openLargePage, summary } from './large_page.mjs';

const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: COROSIM=build/corosim node bench/viewer_bench.mjs [RUNS]');
  process.exit(2);
}

const large = ensureLargePage();
const browser = await launchBrowser();
const chromiumVersion = browser.version();
const loads = [];
const pan = [];
const zoom = [];
try {
  for (let i = 0; i < runs; i++) {
    const { context, page, wallMs, stats } = await openLargePage(browser, large.html);
    loads.push({ ...stats, wallMs });
    const frames = await measurePanZoom(page);
    pan.push(...frames.pan);
    zoom.push(...frames.zoom);
    await context.close();
  }
} finally {
  await browser.close();
}

const label = (text) => text.padEnd(22);
const ms = (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const medianOf = (key) => summary(loads.map((l) => l[key])).median;
const frameLine = (what, times) => {
  const s = summary(times);
  return `${label(what)}median ${ms(s.median)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (${s.n} frames)`;
};
console.log(`${label('machine')}${os.cpus().length} × ${os.cpus()[0].model}, Chromium ${chromiumVersion}`);
console.log(`${label('trace')}${large.tasks} tasks, ${large.events} events, ${(large.traceBytes / 1e6).toFixed(1)} MB as trace v1 JSON`);
console.log(`${label('page')}${(large.htmlBytes / 1e6).toFixed(1)} MB (viewer + columnar data)`);
console.log(`${label(`ready (median of ${runs})`)}${ms(medianOf('loadMs'))} from navigation: parse ${ms(medianOf('parseMs'))}, ` +
  `layout ${ms(medianOf('layoutMs'))}, first frame ${ms(medianOf('firstFrameMs'))}`);
console.log(frameLine('pan (drag)', pan));
console.log(frameLine('zoom (wheel)', zoom));
