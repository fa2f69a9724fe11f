// A deadlock's final waits: corosim ends the run the moment the last task
// suspends, so those waits start at the end time and have no length. Each task
// the deadlock leaves waiting gets a mark at its end in its wait's colour, the
// word "deadlock" on its row and a tooltip saying what it waits on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { afterFrames, corosimBinary, hook, launchBrowser, makeTempDir, openViewer, seedProgram, runToHtml } from './harness.mjs';

// Two workers take their own lock, sleep a second, then each wants the other's.
const PROGRAM = `import asyncio

async def worker(lock, other):
    async with lock:
        await asyncio.sleep(1)
        async with other:
            pass

async def main():
    a = asyncio.Lock()
    b = asyncio.Lock()
    t1 = asyncio.create_task(worker(a, b))
    t2 = asyncio.create_task(worker(b, a))
    await asyncio.gather(t1, t2)

asyncio.run(main())
`;

let browser, deadlocked, finished;
before(async () => {
  browser = await launchBrowser();
  const dir = makeTempDir('deadlock');
  const program = path.join(dir, 'crossed_locks.py');
  fs.writeFileSync(program, PROGRAM);
  deadlocked = path.join(dir, 'crossed_locks.html');
  // Exit status 3 is the deadlock report; the page is written all the same.
  try {
    execFileSync(corosimBinary(), ['run', program, '--html', deadlocked, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    assert.fail('the program deadlocks');
  } catch (e) {
    assert.equal(e.status, 3, String(e));
  }
  finished = runToHtml(seedProgram(3), path.join(dir, 'seed-03.html'));
});
after(() => browser?.close());

function pixelAt(page, x, y) {
  return page.evaluate(([cx, cy]) => {
    const canvas = document.getElementById('chart-canvas');
    const rect = canvas.getBoundingClientRect();
    const ratio = canvas.width / rect.width;
    const [r, g, b] = canvas.getContext('2d').getImageData(Math.round((cx - rect.left) * ratio), Math.round((cy - rect.top) * ratio), 1, 1).data;
    return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }, [x, y]);
}

for (const mode of ['time', 'steps']) {
  test(`${mode} mode: each deadlocked task's end shows its final wait, in its colour, with a tooltip`, async () => {
    const { context, page, seen } = await openViewer(browser, deadlocked);
    try {
      if (mode === 'steps') await hook(page, 'setView', { mode: 'steps' });
      const expected = {
        1: 'deadlocked: waiting for gather of Task-2, Task-3 at line 14',
        2: 'deadlocked: waits on lock #1 at line 6',
        3: 'deadlocked: waits on lock #2 at line 6',
      };
      for (const [id, text] of Object.entries(expected)) {
        const mark = await hook(page, 'deadlockMark', Number(id));
        assert.ok(mark, `Task-${id} has a deadlock mark`);
        assert.equal(mark.text, text);
        const bar = await hook(page, 'taskBar', Number(id));
        assert.ok(Math.abs(mark.x1 - bar.x1) <= 2, `the mark ends where Task-${id}'s bar ends`);
        assert.ok(mark.x1 - mark.x0 >= 6, 'the mark has a width although the wait has none');
        const color = await pixelAt(page, (mark.x0 + mark.x1) / 2, (mark.y0 + mark.y1) / 2);
        assert.equal(color, id === '1' ? '#7fcdb6' : '#e8919f', `Task-${id}'s mark has its wait's colour`);
        await page.mouse.move((mark.x0 + mark.x1) / 2, (mark.y0 + mark.y1) / 2);
        await afterFrames(page);
        assert.match(await page.locator('#tooltip').textContent(), new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      }
      assert.deepEqual(seen.errors, []);
    } finally {
      await context.close();
    }
  });
}

test('the rows of deadlocked tasks say "deadlock"; a run that finished has no marks', async () => {
  const { context, page, seen } = await openViewer(browser, deadlocked);
  try {
    const mark = await hook(page, 'deadlockMark', 2);
    // The word is drawn in the failed mark's red just left of the mark.
    const reds = await page.evaluate(([x0, y0, y1]) => {
      const canvas = document.getElementById('chart-canvas');
      const rect = canvas.getBoundingClientRect();
      const ratio = canvas.width / rect.width;
      const w = Math.round(70 * ratio);
      const data = canvas.getContext('2d').getImageData(Math.round((x0 - rect.left) * ratio) - w, Math.round((y0 - rect.top) * ratio), w, Math.round((y1 - y0) * ratio)).data;
      let n = 0;
      for (let p = 0; p < data.length; p += 4) if (data[p] > 150 && data[p + 1] < 90 && data[p + 2] < 90) n++;
      return n;
    }, [mark.x0, mark.y0, mark.y1]);
    assert.ok(reds > 20, `red text left of the mark (${reds} red pixels)`);
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
  const other = await openViewer(browser, finished);
  try {
    for (const id of [1, 2, 3]) assert.equal(await hook(other.page, 'deadlockMark', id), null);
  } finally {
    await other.context.close();
  }
});
