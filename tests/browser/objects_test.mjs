// Who waits on what (waits_on's primitive, object and line): tooltips, the
// highlight and connector of the tasks waiting on the same object, the
// await-chain panel, the object filter and the colours, on a hand-made lock
// convoy (web-viewer/test/model/lock_convoy.mjs: Task-3, Task-4 and Task-5
// wait on lock #1 from 0 s, and get it at 1 s, 2 s and 3 s), opened as trace
// v1 and as the columnar form version 2 the page embeds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { afterFrames, emptyViewer, hook, launchBrowser, openViewer } from './harness.mjs';
import { lockConvoyDoc } from '../../web-viewer/test/model/lock_convoy.mjs';
import { toColumnar } from '../../web-viewer/test/model/helpers.mjs';

const FORMS = {
  'trace v1': lockConvoyDoc(),
  'columnar v2': toColumnar(lockConvoyDoc(), 2),
};

let browser;
before(async () => { browser = await launchBrowser(); });
after(() => browser?.close());

async function openTrace(doc) {
  const opened = await openViewer(browser, emptyViewer, { viewport: { width: 1200, height: 900 } });
  const { page } = opened;
  await page.setInputFiles('#file-input', { name: 'lock_convoy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await page.waitForFunction(() => window.__corosimViewer.stats.tasks === 6 && window.__corosimViewer.ready);
  assert.equal(await hook(page, 'error'), null);
  return opened;
}

async function pointAt(page, taskId, t) {
  const x = await hook(page, 'timeToX', t);
  const row = await hook(page, 'taskRow', taskId);
  assert.ok(row, `Task-${taskId}'s row is visible`);
  return { x, y: (row.y0 + row.y1) / 2 };
}

async function tooltipAt(page, taskId, t) {
  const { x, y } = await pointAt(page, taskId, t);
  await page.mouse.move(x, y);
  await afterFrames(page);
  assert.ok(await page.locator('#tooltip').isVisible(), `a tooltip over Task-${taskId} at ${t} s`);
  return page.locator('#tooltip').textContent();
}

async function clickAt(page, taskId, t) {
  const { x, y } = await pointAt(page, taskId, t);
  await page.mouse.click(x, y);
  await afterFrames(page);
}

// The canvas pixel at a client position, as "#rrggbb".
function pixelAt(page, { x, y }) {
  return page.evaluate(([cx, cy]) => {
    const canvas = document.getElementById('chart-canvas');
    const rect = canvas.getBoundingClientRect();
    const ratio = canvas.width / rect.width;
    const [r, g, b] = canvas.getContext('2d').getImageData(Math.round((cx - rect.left) * ratio), Math.round((cy - rect.top) * ratio), 1, 1).data;
    return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }, [x, y]);
}

function visibleRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('#events .event-row')]
    .filter((r) => r.offsetParent !== null && r.textContent.trim() !== '')
    .map((r) => r.textContent.replace(/\s+/g, ' ').trim()));
}

for (const [form, doc] of Object.entries(FORMS)) {
  test(`${form}: tooltips and the event list say what a task waits on, with the line`, async () => {
    const { context, page, seen } = await openTrace(doc);
    try {
      assert.match(await tooltipAt(page, 4, 1.5), /waits on lock #1 \(line 7\) since 0 s/);
      assert.match(await tooltipAt(page, 6, 0.25), /waits on event #2 \(line 15\) since 0 s/);
      assert.match(await tooltipAt(page, 3, 1.5), /sleeping until 2 s \(line 8\)/);
      const rows = await visibleRows(page);
      assert.equal(rows.filter((r) => r.includes('waits on lock #1 (line 7)')).length, 3, JSON.stringify(rows));
      assert.deepEqual(seen.errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${form}: selecting a waiting task highlights every task waiting on the same object then`, async () => {
    const { context, page, seen } = await openTrace(doc);
    try {
      await clickAt(page, 4, 0.5);
      let group = await hook(page, 'objectGroup');
      assert.equal(group.label, 'lock #1');
      assert.deepEqual(group.tasks, [3, 4, 5]);
      assert.ok(Math.abs(group.x - await hook(page, 'timeToX', 0.5)) < 2, 'the connector is at the clicked moment');
      assert.equal(await hook(page, 'rowHighlight', 4), 'selected');
      assert.equal(await hook(page, 'rowHighlight', 3), 'object');
      assert.equal(await hook(page, 'rowHighlight', 5), 'object');
      assert.notEqual(await hook(page, 'rowHighlight', 2), 'object', 'Task-2 holds the lock');
      assert.notEqual(await hook(page, 'rowHighlight', 6), 'object', 'Task-6 waits on another object');
      assert.match(await page.locator('#await-chain').textContent(), /Task-4: waits on lock #1 \(line 7\) since 0 s/);

      // At 1.5 s Task-3 holds the lock: two are left waiting.
      await clickAt(page, 5, 1.5);
      group = await hook(page, 'objectGroup');
      assert.deepEqual(group.tasks, [4, 5]);
      assert.equal(await hook(page, 'rowHighlight', 3), null);

      // A task that waits on no object: no group.
      await clickAt(page, 3, 1.5);
      assert.equal(await hook(page, 'objectGroup'), null);

      // main's await chain runs through the gather to the lock.
      await clickAt(page, 1, 0.5);
      const chain = await page.locator('#await-chain').textContent();
      assert.match(chain, /Task-1: waiting for gather of .* \(line 20\) since 0 s/);
      assert.match(chain, /Task-5: waits on lock #1 \(line 7\) since 0 s/);

      await page.keyboard.press('Escape');
      await afterFrames(page);
      assert.equal(await hook(page, 'objectGroup'), null);
      assert.equal(await page.locator('#await-chain').isVisible(), false);
      assert.deepEqual(seen.errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${form}: the object filter lists the tasks that wait on it; waits are coloured by primitive`, async () => {
    const { context, page, seen } = await openTrace(doc);
    try {
      const options = await page.locator('#filter-object option').allTextContents();
      assert.deepEqual(options, ['all objects', 'lock #1', 'event #2']);
      await page.selectOption('#filter-object', { label: 'lock #1' });
      await afterFrames(page);
      const rows = await visibleRows(page);
      const tasks = new Set(rows.map((r) => r.match(/Task-\d+/)[0]));
      assert.deepEqual([...tasks].sort(), ['Task-3', 'Task-4', 'Task-5']);
      assert.match(await page.locator('#event-count').textContent(), new RegExp(`^${rows.length} of \\d+ events`));
      await page.selectOption('#filter-object', { label: 'event #2' });
      await afterFrames(page);
      assert.ok((await visibleRows(page)).every((r) => r.includes('Task-6')));

      const legend = await page.locator('#legend').textContent();
      assert.match(legend, /waits on a lock/);
      assert.match(legend, /waits on an event/);
      await page.mouse.move(1, 1);
      await afterFrames(page);
      const lock = await pixelAt(page, await pointAt(page, 5, 2.5));
      const event = await pixelAt(page, await pointAt(page, 6, 0.25));
      const sleep = await pixelAt(page, await pointAt(page, 5, 3.5));
      assert.equal(lock, '#e8919f');
      assert.equal(event, '#f2a65a');
      assert.equal(sleep, '#86b6ec', 'a plain sleep keeps its colour');
      assert.deepEqual(seen.errors, []);
    } finally {
      await context.close();
    }
  });
}
