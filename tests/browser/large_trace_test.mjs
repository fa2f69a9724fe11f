// The scale promise: 100,000 tasks and 1,000,000 events open in under 3 s and
// pan and zoom smoothly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureLargePage, measurePanZoom, openLargePage, summary } from '../../bench/large_page.mjs';
import { launchBrowser } from './harness.mjs';

const LOAD_BUDGET_MS = 3000;
const FRAME_BUDGET_MS = 100;

let browser, large;
before(async () => {
  browser = await launchBrowser();
  large = ensureLargePage();
});
after(() => browser?.close());

test('the large trace has 100,000 tasks and 1,000,000 events', () => {
  assert.ok(large.tasks >= 100000, `${large.tasks} tasks`);
  assert.ok(large.events >= 1000000, `${large.events} events`);
});

test('the large page is ready in under 3 s and pans and zooms smoothly', async (t) => {
  const { context, page, wallMs, stats } = await openLargePage(browser, large.html);
  try {
    assert.equal(stats.tasks, large.tasks);
    assert.equal(stats.events, large.events);
    t.diagnostic(`page ${(large.htmlBytes / 1e6).toFixed(1)} MB; ready after ${stats.loadMs.toFixed(0)} ms ` +
      `(parse ${stats.parseMs.toFixed(0)} ms, layout ${stats.layoutMs.toFixed(0)} ms, first frame ${stats.firstFrameMs.toFixed(0)} ms; ` +
      `${wallMs.toFixed(0)} ms seen by the test)`);
    assert.ok(stats.loadMs < LOAD_BUDGET_MS, `ready after ${stats.loadMs} ms`);

    const { pan, zoom, attempted } = await measurePanZoom(page);
    // Every drag and wheel step must have redrawn, or the figures say nothing.
    assert.ok(pan.length + zoom.length >= 0.9 * attempted, `${pan.length + zoom.length} frames for ${attempted} steps`);
    for (const [what, times] of [['pan', pan], ['zoom', zoom]]) {
      const s = summary(times);
      t.diagnostic(`${what}: ${s.n} frames, median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`);
      assert.ok(s.max < FRAME_BUDGET_MS, `${what}: slowest frame ${s.max} ms`);
    }
  } finally {
    await context.close();
  }
});
