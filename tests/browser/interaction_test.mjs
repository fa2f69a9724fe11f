// Hovering the chart and filtering the event list, on seed example 2.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  afterFrames, hook, launchBrowser, makeTempDir, openViewer, runToHtml, seedProgram, writeSeedPage,
} from './harness.mjs';

let browser, html, trace, seed3;
before(async () => {
  browser = await launchBrowser();
  const dir = makeTempDir('interaction');
  seed3 = writeSeedPage(dir, 3);
  const tracePath = path.join(dir, 'seed-02.json');
  html = runToHtml(seedProgram(2), path.join(dir, 'seed-02.html'), ['--trace', tracePath]);
  trace = JSON.parse(fs.readFileSync(tracePath, 'utf8'));
});
after(() => browser?.close());

async function tooltipAt(page, taskId, t) {
  const x = await hook(page, 'timeToX', t);
  const row = await hook(page, 'taskRow', taskId);
  assert.ok(row, `Task-${taskId}'s row is visible`);
  await page.mouse.move(x, (row.y0 + row.y1) / 2);
  await afterFrames(page);
  const tooltip = page.locator('#tooltip');
  assert.ok(await tooltip.isVisible(), `a tooltip shows over Task-${taskId} at t=${t}`);
  return (await tooltip.textContent()).replace(/\s+/g, ' ');
}

test('hovering a bar shows the task, its coroutine, parent, state and what it is doing', async () => {
  const { context, page } = await openViewer(browser, html);
  try {
    // Task-2 is create_task(asyncio.sleep(2)): asleep until 2 s.
    const sleeper = await tooltipAt(page, 2, 1);
    assert.match(sleeper, /Task-2/);
    assert.match(sleeper, /\bsleep\b/, 'coroutine');
    assert.match(sleeper, /Task-1/, 'parent');
    assert.match(sleeper, /\bdone\b/, 'state');
    assert.match(sleeper, /sleep(ing)?\b.*\b2 s\b/i, 'the segment: asleep until 2 s');

    // main awaits task1, then task2.
    const mainEarly = await tooltipAt(page, 1, 1);
    assert.match(mainEarly, /Task-1/);
    assert.match(mainEarly, /\bmain\b/);
    assert.match(mainEarly, /waiting for Task-2 \(line 14\) since 0 s/);
    const mainLate = await tooltipAt(page, 1, 3);
    assert.match(mainLate, /waiting for Task-3 \(line 15\) since 2 s/);

    // Away from every bar (the axis), no tooltip.
    const box = await page.locator('#chart').boundingBox();
    await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2);
    await afterFrames(page);
    assert.ok(!(await page.locator('#tooltip').isVisible()) || !/Task-/.test(await page.locator('#tooltip').textContent()));
  } finally {
    await context.close();
  }
});

// Rows of the pooled list that a person can see: shown, inside the list's box,
// with text.
function visibleRows(page) {
  return page.evaluate(() => {
    const list = document.querySelector('#events').getBoundingClientRect();
    return [...document.querySelectorAll('#events .event-row')]
      .filter((r) => {
        const b = r.getBoundingClientRect();
        return r.offsetParent !== null && b.height > 0 && b.bottom > list.top + 1 && b.top < list.bottom - 1;
      })
      .map((r) => r.textContent.replace(/\s+/g, ' ').trim())
      .filter((text) => text !== '');
  });
}

test('the event list filters by text, kind and task', async () => {
  // Tall enough that every event of example 2 fits in the list unscrolled.
  const { context, page } = await openViewer(browser, html, { viewport: { width: 1200, height: 1600 } });
  try {
    const all = await visibleRows(page);
    assert.ok(all.length >= 10, `rows before filtering: ${all.length}`);

    await page.fill('#filter-text', 'finished at');
    await afterFrames(page);
    const finished = await visibleRows(page);
    assert.equal(finished.length, 1, JSON.stringify(finished));
    assert.match(finished[0], /finished at 00:00:04/);

    await page.fill('#filter-text', 'no event has this text');
    await afterFrames(page);
    assert.deepEqual(await visibleRows(page), []);

    await page.fill('#filter-text', '');
    await afterFrames(page);
    assert.deepEqual(await visibleRows(page), all);

    const prints = trace.events.filter((e) => e.kind === 'print');
    await page.selectOption('#filter-kind', 'print');
    await afterFrames(page);
    const printRows = await visibleRows(page);
    assert.equal(printRows.length, prints.length);
    prints.forEach((e, i) => assert.ok(printRows[i].includes(e.text.trim()), `${printRows[i]} shows ${e.text}`));
    await page.selectOption('#filter-kind', '');
    await afterFrames(page);

    const task3 = trace.events.filter((e) => e.task === 3);
    const taskFilter = page.locator('#filter-task');
    if (await taskFilter.evaluate((el) => el.tagName === 'SELECT')) await taskFilter.selectOption({ label: 'Task-3' });
    else await taskFilter.fill('Task-3');
    await afterFrames(page);
    const task3Rows = await visibleRows(page);
    assert.equal(task3Rows.length, task3.length, JSON.stringify(task3Rows));
    task3Rows.forEach((r, i) => assert.match(r, new RegExp(task3[i].kind)));
  } finally {
    await context.close();
  }
});

test('clicking a task selects it and brings its events into view in the list', async () => {
  // Example 3's Task-5 lives from 4 s to 8 s: its events are far down the list.
  const { context, page } = await openViewer(browser, seed3);
  try {
    assert.ok(!(await visibleRows(page)).some((r) => r.includes('Task-5')), 'Task-5 starts out of view');
    const bar = await hook(page, 'taskBar', 5);
    await page.mouse.click((bar.x0 + bar.x1) / 2, (bar.y0 + bar.y1) / 2);
    await afterFrames(page);
    assert.equal((await hook(page, 'getView')).selected, 5);
    assert.ok((await visibleRows(page)).some((r) => r.includes('Task-5')), 'Task-5\'s events are in view');
  } finally {
    await context.close();
  }
});
