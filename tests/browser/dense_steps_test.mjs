// Step marks at Fit zoom on a busy model: where a row's steps crowd its bar,
// they are drawn behind its waits, so the waits' colours stay visible; zoomed
// in, every step is a mark on top again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { hook, launchBrowser, makeTempDir, openViewer, repoRoot, runToHtml } from './harness.mjs';

const STEP = [0x39, 0x49, 0xab];

let browser, pipeline;
before(async () => {
  browser = await launchBrowser();
  pipeline = runToHtml(path.join(repoRoot, 'scenarios', 'models', 'staged_pipeline.py'), path.join(makeTempDir('dense'), 'pipeline.html'));
});
after(() => browser?.close());

// The colours along the middle line of task id's bar, one per device pixel, as [r, g, b].
function midLine(page, bar) {
  return page.evaluate(([x0, x1, y]) => {
    const canvas = document.getElementById('chart-canvas');
    const rect = canvas.getBoundingClientRect();
    const ratio = canvas.width / rect.width;
    const left = Math.round((x0 - rect.left) * ratio);
    const data = canvas.getContext('2d').getImageData(left, Math.round((y - rect.top) * ratio), Math.round((x1 - x0) * ratio), 1).data;
    const out = [];
    for (let p = 0; p < data.length; p += 4) out.push([data[p], data[p + 1], data[p + 2]]);
    return out;
  }, [bar.x0 + 2, bar.x1 - 2, (bar.y0 + bar.y1) / 2]);
}

const isStep = ([r, g, b]) => r === STEP[0] && g === STEP[1] && b === STEP[2];

for (const mode of ['time', 'steps']) {
  test(`${mode} mode: at Fit zoom the waits of busy rows show through their steps`, async () => {
    const { context, page, seen } = await openViewer(browser, pipeline);
    try {
      if (mode === 'steps') await hook(page, 'setView', { mode: 'steps' });
      let busy = 0;
      for (let id = 2; id <= 11; id++) {
        const marks = await hook(page, 'stepMarks', id);
        const bar = await hook(page, 'taskBar', id);
        if (!bar || marks.length < (bar.x1 - bar.x0) / 4) continue;
        busy++;
        const line = await midLine(page, bar);
        const share = line.filter(isStep).length / line.length;
        assert.ok(share < 0.1, `Task-${id}: ${marks.length} steps cover ${(share * 100).toFixed(1)} % of its bar's middle`);
      }
      assert.ok(busy >= 5, `${busy} busy rows`);
      assert.deepEqual(seen.errors, []);
    } finally {
      await context.close();
    }
  });
}

test('zoomed in, a step is a mark on top of its row', async () => {
  const { context, page, seen } = await openViewer(browser, pipeline);
  try {
    const marks = await hook(page, 'stepMarks', 4);
    const step = marks[Math.floor(marks.length / 2)];
    await hook(page, 'setView', { t0: step.t - 0.01, t1: step.t + 0.01 });
    const [mark] = (await hook(page, 'stepMarks', 4)).filter((m) => m.t === step.t);
    const bar = await hook(page, 'taskBar', 4);
    const line = await midLine(page, { x0: mark.x - 4, x1: mark.x + 4, y0: bar.y0, y1: bar.y1 });
    assert.ok(line.some(isStep), `the step at ${step.t} s is drawn over its row: ${JSON.stringify(line)}`);
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});
