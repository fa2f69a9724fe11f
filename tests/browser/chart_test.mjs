// The chart as a person sees it: bars against the axis, zoom, the loop-steps
// order and the view kept in the URL fragment.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { afterFrames, hook, launchBrowser, makeTempDir, openViewer, writeSeedPage } from './harness.mjs';

let browser, dir;
const pages = {};
before(async () => {
  browser = await launchBrowser();
  dir = makeTempDir('chart');
  for (const n of [2, 3, 4]) pages[n] = writeSeedPage(dir, n);
});
after(() => browser?.close());

// "2 s", "1.5 s", "500 ms", "2 min" → seconds; anything else → NaN.
function tickSeconds(label) {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(ns|µs|us|ms|s|min|h)?\s*$/.exec(label);
  if (!m) return NaN;
  const scale = { ns: 1e-9, 'µs': 1e-6, us: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600 }[m[2] ?? 's'];
  return Number(m[1]) * scale;
}

const span = (v) => v.t1 - v.t0;
const near = (a, b, tolerance) => Math.abs(a - b) <= tolerance;

test('example 2: the two task bars end at the axis ticks labelled 2 s and 4 s', async () => {
  const { context, page } = await openViewer(browser, pages[2]);
  try {
    const ticks = await hook(page, 'ticks');
    const tickAt = (s) => ticks.find((t) => near(tickSeconds(t.label), s, 1e-9));
    assert.ok(tickAt(2), `no tick labelled 2 s among ${JSON.stringify(ticks.map((t) => t.label))}`);
    assert.ok(tickAt(4), `no tick labelled 4 s among ${JSON.stringify(ticks.map((t) => t.label))}`);
    const bar2 = await hook(page, 'taskBar', 2);
    const bar3 = await hook(page, 'taskBar', 3);
    assert.ok(near(bar2.x1, tickAt(2).x, 1), `Task-2 ends at x=${bar2.x1}, the 2 s tick is at x=${tickAt(2).x}`);
    assert.ok(near(bar3.x1, tickAt(4).x, 1), `Task-3 ends at x=${bar3.x1}, the 4 s tick is at x=${tickAt(4).x}`);
    assert.ok(near(bar2.x1, await hook(page, 'timeToX', 2), 1));
    // Both start with main's first step, at 0 s.
    assert.ok(near(bar2.x0, tickAt(0)?.x ?? await hook(page, 'timeToX', 0), 1));
    assert.ok(near(bar3.x0, bar2.x0, 1));
    // Task-3 is created after Task-2, so its row is below.
    assert.ok((await hook(page, 'taskRow', 3)).y0 >= (await hook(page, 'taskRow', 2)).y1);

    // And the canvas agrees: along each bar's middle, the bar's colour up to
    // just before its end, the background just after it.
    for (const [id, end] of [[2, 2], [3, 4]]) {
      const row = await hook(page, 'taskRow', id);
      const y = (row.y0 + row.y1) / 2;
      const at = async (t) => pixel(page, await hook(page, 'timeToX', t), y);
      const [inside, justBefore, justAfter, background] = [await at(end / 2), await at(end - 0.1), await at(end + 0.1),
        await pixel(page, bar3.x0 - 8, y)];
      assert.deepEqual(justBefore, inside, `Task-${id} is drawn up to ${end} s`);
      assert.deepEqual(justAfter, background, `Task-${id} is not drawn after ${end} s`);
      assert.notDeepEqual(inside, background);
    }
  } finally {
    await context.close();
  }
});

// The chart canvas's colour at a client position.
function pixel(page, x, y) {
  return page.evaluate(([cx, cy]) => {
    const canvas = document.querySelector('#chart canvas');
    const box = canvas.getBoundingClientRect();
    const px = Math.floor((cx - box.left) * canvas.width / box.width);
    const py = Math.floor((cy - box.top) * canvas.height / box.height);
    return [...canvas.getContext('2d').getImageData(px, py, 1, 1).data];
  }, [x, y]);
}

async function axisState(page) {
  return { view: await hook(page, 'getView'), labels: (await hook(page, 'ticks')).map((t) => t.label) };
}

test('zoom buttons and the wheel change the visible range and the axis ticks', async () => {
  const { context, page } = await openViewer(browser, pages[3]);
  try {
    const fit = await axisState(page);
    await page.click('#zoom-in');
    await afterFrames(page);
    const zoomedIn = await axisState(page);
    assert.ok(span(zoomedIn.view) < 0.9 * span(fit.view), `zoom-in: ${span(fit.view)} → ${span(zoomedIn.view)}`);
    assert.notDeepEqual(zoomedIn.labels, fit.labels);

    await page.click('#zoom-out');
    await page.click('#zoom-out');
    await afterFrames(page);
    const zoomedOut = await axisState(page);
    assert.ok(span(zoomedOut.view) > 1.1 * span(zoomedIn.view));
    assert.notDeepEqual(zoomedOut.labels, zoomedIn.labels);

    await page.click('#fit');
    await afterFrames(page);
    const refit = await axisState(page);
    assert.ok(near(refit.view.t0, fit.view.t0, 1e-9) && near(refit.view.t1, fit.view.t1, 1e-9));
    assert.deepEqual(refit.labels, fit.labels);

    // The wheel zooms around the pointer: the time under it stays put.
    const box = await page.locator('#chart').boundingBox();
    const x = box.x + box.width * 0.6;
    const y = box.y + box.height * 0.5;
    const timeUnder = await hook(page, 'xToTime', x);
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, -400);
    await afterFrames(page);
    const wheeled = await axisState(page);
    assert.ok(span(wheeled.view) < 0.9 * span(fit.view), `wheel: ${span(fit.view)} → ${span(wheeled.view)}`);
    assert.notDeepEqual(wheeled.labels, fit.labels);
    assert.ok(near(await hook(page, 'xToTime', x), timeUnder, span(wheeled.view) / 100));
  } finally {
    await context.close();
  }
});

test('loop-steps mode shows the wake-up order at t=2 of example 4: Task-2, Task-4, Task-6, Task-3, Task-5', async () => {
  const { context, page } = await openViewer(browser, pages[4]);
  try {
    const wakeX = async () => {
      const xs = {};
      for (const id of [2, 3, 4, 5, 6]) {
        const marks = (await hook(page, 'stepMarks', id)).filter((m) => m.t === 2);
        assert.equal(marks.length, 1, `Task-${id} has one step at t=2`);
        xs[id] = marks[0].x;
      }
      return xs;
    };
    const inTime = await wakeX();
    // In time mode all five wake-ups sit on one pixel column: the order is invisible.
    assert.ok(Math.max(...Object.values(inTime)) - Math.min(...Object.values(inTime)) < 1);

    await page.click('#mode');
    await afterFrames(page);
    assert.equal((await hook(page, 'getView')).mode, 'steps');
    const inSteps = await wakeX();
    const order = Object.keys(inSteps).map(Number).sort((a, b) => inSteps[a] - inSteps[b]);
    assert.deepEqual(order, [2, 4, 6, 3, 5]);
    const xs = order.map((id) => inSteps[id]);
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i] - xs[i - 1] >= 2, `step marks ${xs} are not apart`);
  } finally {
    await context.close();
  }
});

test('the view survives a reload and a copied link through the URL fragment', async () => {
  for (const wanted of [{ mode: 'time', t0: 1.25, t1: 5.5, selected: 3 }, { mode: 'steps', t0: 2, t1: 9, selected: 2 }]) {
    const { context, page } = await openViewer(browser, pages[3]);
    try {
      await hook(page, 'setView', wanted);
      await afterFrames(page);
      const view = await hook(page, 'getView');
      assert.equal(view.mode, wanted.mode);
      assert.equal(view.selected, wanted.selected);
      const fragment = new URL(page.url()).hash;
      assert.match(fragment, /t0=/);

      await page.reload();
      await page.waitForFunction(() => window.__corosimViewer?.ready);
      const reloaded = await hook(page, 'getView');

      const copied = await openViewer(browser, pages[3], { fragment });
      const opened = await hook(copied.page, 'getView');
      await copied.context.close();

      for (const [how, got] of [['reload', reloaded], ['copied link', opened]]) {
        assert.equal(got.mode, view.mode, how);
        assert.equal(got.selected, view.selected, how);
        assert.ok(near(got.t0, view.t0, span(view) * 1e-6), `${how}: t0 ${got.t0} vs ${view.t0}`);
        assert.ok(near(got.t1, view.t1, span(view) * 1e-6), `${how}: t1 ${got.t1} vs ${view.t1}`);
      }
    } finally {
      await context.close();
    }
  }
});

test("asyncio.run's internal tasks are hidden until asked for", async () => {
  const { context, page } = await openViewer(browser, pages[2]);
  try {
    // Example 2's tasks 4 and 5 are asyncio.run's shutdown tasks.
    assert.equal(await hook(page, 'taskRow', 4), null);
    assert.equal(await hook(page, 'taskBar', 5), null);
    await page.click('#show-internal');
    await afterFrames(page);
    const row4 = await hook(page, 'taskRow', 4);
    assert.ok(row4, 'Task-4 shows once internal tasks are asked for');
    assert.ok(row4.y0 >= (await hook(page, 'taskRow', 3)).y1);
    assert.ok(await hook(page, 'taskBar', 5));
  } finally {
    await context.close();
  }
});
