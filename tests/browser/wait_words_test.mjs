// One phrase per primitive, and one legend entry per meaning: a program that
// waits in asyncio.wait, wait_for, a TaskGroup, a timeout, on a queue and on a
// plain Future, run through corosim; the legend, the tooltips, the event list
// and the await-chain panel must say the same words, and the legend's
// swatches must all differ.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { afterFrames, hook, launchBrowser, makeTempDir, openViewer, runToHtml } from './harness.mjs';

const PROGRAM = `import asyncio

async def slow(n):
    await asyncio.sleep(n)
    return n

async def main():
    q = asyncio.Queue(maxsize=1)
    t = asyncio.create_task(slow(1))
    await asyncio.wait([t])
    await asyncio.wait_for(slow(1), 5)
    async with asyncio.TaskGroup() as tg:
        tg.create_task(slow(1))
    async with asyncio.timeout(5):
        await asyncio.sleep(1)
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(1, fut.set_result, 1)
    await fut
    asyncio.get_running_loop().call_later(1, q.put_nowait, 1)
    await q.get()

asyncio.run(main())
`;

let browser, page_;
before(async () => {
  browser = await launchBrowser();
  const dir = makeTempDir('words');
  const program = path.join(dir, 'waits.py');
  fs.writeFileSync(program, PROGRAM);
  page_ = runToHtml(program, path.join(dir, 'waits.html'));
});
after(() => browser?.close());

// Each legend item: its label and the colour at its swatch's centre.
function legendItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('#legend .item')].map((item) => {
    const canvas = item.querySelector('canvas');
    const ratio = canvas.width / 22;
    const [r, g, b, a] = canvas.getContext('2d').getImageData(Math.round(11 * ratio), Math.round(6 * ratio), 1, 1).data;
    return { label: item.textContent, color: a ? `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}` : null };
  }));
}

async function tooltipAt(page, taskId, t) {
  const row = await hook(page, 'taskRow', taskId);
  await page.mouse.move(await hook(page, 'timeToX', t), (row.y0 + row.y1) / 2);
  await afterFrames(page);
  return page.locator('#tooltip').textContent();
}

test('the legend lists each meaning once, each in its own colour', async () => {
  const { context, page, seen } = await openViewer(browser, page_);
  try {
    const items = await legendItems(page);
    const labels = items.map((i) => i.label);
    assert.equal(new Set(labels).size, labels.length, JSON.stringify(labels));
    for (const label of ['waits in asyncio.wait', 'waits in wait_for', "waits for a TaskGroup's children",
      'waits under a timeout', 'waits on a plain future', 'waits to get from a queue', 'awaiting another future']) {
      assert.ok(labels.includes(label), `${label} in ${JSON.stringify(labels)}`);
    }
    // The bars and swatches of waits: every one a colour of its own.
    const swatches = items.filter((i) => /^(waits|awaiting|sleeping|scheduled|yielded)/.test(i.label));
    const colors = swatches.map((i) => i.color);
    assert.equal(new Set(colors).size, colors.length, JSON.stringify(swatches));
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

test('tooltips, the event list and the await chain use the legend\'s phrases', async () => {
  const { context, page, seen } = await openViewer(browser, page_, { viewport: { width: 1200, height: 900 } });
  try {
    assert.match(await tooltipAt(page, 1, 0.5), /waits in asyncio\.wait \(line 10\) since 0 s/);
    assert.match(await tooltipAt(page, 1, 2.5), /waits for TaskGroup #1's children \(line 12\) since 2 s/);
    assert.match(await tooltipAt(page, 1, 3.5), /waits under timeout #2 \(line 15\): sleeping until 4 s/);
    assert.match(await tooltipAt(page, 1, 4.5), /waits on future #3 \(line 18\) since 4 s/);
    assert.match(await tooltipAt(page, 1, 5.5), /waits to get from queue #4 \(line 20\) since 5 s/);
    await page.fill('#filter-task', '1');
    await afterFrames(page);
    const details = await page.evaluate(() => [...document.querySelectorAll('#events .event-row')]
      .filter((r) => r.offsetParent !== null).map((r) => r.textContent));
    for (const words of ['waits in asyncio.wait (line 10)', 'waits in wait_for (line 11)', "waits for TaskGroup #1's children (line 12)", 'waits to get from queue #4 (line 20)']) {
      assert.ok(details.some((d) => d.includes(words)), `${words} in the event list`);
    }
    const row = await hook(page, 'taskRow', 1);
    await page.mouse.click(await hook(page, 'timeToX', 1.5), (row.y0 + row.y1) / 2);
    await afterFrames(page);
    assert.match(await page.locator('#await-chain').textContent(), /Task-1: waits in wait_for \(line 11\)/);
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

