// A trace is untrusted data: markup in it stays text, the page's
// Content-Security-Policy matches its inline code and is enforced, and broken
// input gets a message instead of a blank page.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  afterFrames, emptyViewer, hook, launchBrowser, makeTempDir, openViewer, runCorosim, runToHtml, securityViolations,
  seedProgram, writeSeedPage,
} from './harness.mjs';

const MARKUP = '<img src=x onerror=alert(1)>';

let browser, dir;
before(async () => {
  browser = await launchBrowser();
  dir = makeTempDir('safety');
});
after(() => browser?.close());

function assertNothingRan(page, seen) {
  assert.deepEqual(seen.dialogs, [], 'no dialog opened');
  assert.deepEqual(seen.errors, [], 'no uncaught error');
  assert.deepEqual(securityViolations(seen), [], 'no CSP or Trusted Types violation');
  return page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length)
    .then((n) => assert.equal(n, 0, 'no element made from trace text'));
}

test('markup in task names, printed text, results and the program path shows as text', async () => {
  // The program's own file name carries markup too, for the header.
  const program = `${MARKUP}.py`;
  fs.writeFileSync(path.join(dir, program), [
    'import asyncio',
    'async def coro():',
    `    print('<script>alert(2)</script>')`,
    `    return '<b onmouseover=alert(3)>bold</b>'`,
    'async def main():',
    `    await asyncio.create_task(coro(), name='${MARKUP}')`,
    'asyncio.run(main())',
    '',
  ].join('\n'));
  const html = runToHtml(program, path.join(dir, 'xss.html'), [], { cwd: dir });
  const { context, page, seen } = await openViewer(browser, html, { viewport: { width: 1200, height: 1200 } });
  try {
    assert.equal(await hook(page, 'error'), null);
    assert.ok((await page.locator('#header').textContent()).includes(program), 'header shows the program path');

    const events = await page.locator('#events').textContent();
    assert.ok(events.includes(MARKUP), 'event list shows the task name');
    assert.ok(events.includes('<script>alert(2)</script>'), 'event list shows the printed text');

    const row = await hook(page, 'taskRow', 2);
    const bar = await hook(page, 'taskBar', 2);
    await page.mouse.move((bar.x0 + bar.x1) / 2, (row.y0 + row.y1) / 2);
    await afterFrames(page);
    const tooltip = await page.locator('#tooltip').textContent();
    assert.ok(tooltip.includes(MARKUP), `tooltip shows the name: ${tooltip}`);
    assert.ok(tooltip.includes('<b onmouseover=alert(3)>bold</b>'), `tooltip shows the result: ${tooltip}`);

    await assertNothingRan(page, seen);
  } finally {
    await context.close();
  }
});

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// The HTML parser ends a script at the first `</script` followed by a space,
// `/` or `>`; a `<style>` likewise.
function inlineBlocks(html, tag) {
  const re = new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}[\\s/>]`, 'gi');
  return [...html.matchAll(re)].map((m) => ({ attrs: m[1] ?? '', body: m[2] }));
}

function checkCspHashes(file) {
  const html = fs.readFileSync(file, 'utf8');
  const head = /<head[^>]*>\s*(<[^>]*>)/i.exec(html);
  assert.ok(head, `${file}: no <head>`);
  const meta = /^<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>$/i.exec(head[1]);
  assert.ok(meta, `${file}: the first element in <head> is ${head[1]}`);
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['default-src'], ["'none'"]);
  assert.deepEqual(policy['require-trusted-types-for'], ["'script'"]);
  assert.deepEqual(policy['trusted-types'], ["'none'"]);

  const scripts = inlineBlocks(html, 'script').filter((s) => !/type="application\/json"/.test(s.attrs));
  const styles = inlineBlocks(html, 'style');
  assert.equal(scripts.length, 1, 'one inline script');
  assert.equal(styles.length, 1, 'one inline style');
  assert.deepEqual(policy['script-src'], [sha256(scripts[0].body)]);
  assert.deepEqual(policy['style-src'], [sha256(styles[0].body)]);
  assert.equal(inlineBlocks(html, 'script').filter((s) => /id="corosim-trace"/.test(s.attrs)).length, 1);
}

test('the CSP hashes match the inline script and style, and Chromium enforces the policy', async () => {
  const seed = writeSeedPage(dir, 3);
  checkCspHashes(emptyViewer);
  checkCspHashes(seed);

  const { context, page, seen } = await openViewer(browser, seed);
  try {
    assert.equal(await hook(page, 'ready'), true);
    await assertNothingRan(page, seen);
    // The listener does see violations: an HTML sink and an outside request are refused.
    const refused = await page.evaluate(async () => {
      const out = [];
      try { document.body.insertAdjacentHTML('beforeend', '<i>x</i>'); } catch (e) { out.push(e.name); }
      try { await fetch('https://example.com/'); } catch (e) { out.push(e.name); }
      return out;
    });
    assert.deepEqual(refused, ['TypeError', 'TypeError']);
    await afterFrames(page);
    assert.ok(securityViolations(seen).length >= 2, JSON.stringify(seen.console));
  } finally {
    await context.close();
  }
});

// `ready` also turns true when an error is shown (web-viewer/README.md).
async function assertErrorShown(page, pattern) {
  await page.waitForFunction(() => window.__corosimViewer.error !== null);
  const error = page.locator('#error');
  assert.ok(await error.isVisible(), '#error is visible');
  const text = (await error.textContent()).trim();
  assert.match(text, pattern);
  assert.equal(await hook(page, 'error'), text);
}

const EMPTY_SLOT = '<script type="application/json" id="corosim-trace"></script>';

test('the empty viewer opens a trace file from the picker, and names what is wrong with a bad one', async () => {
  const tracePath = path.join(dir, 'seed-02.json');
  runCorosim(['run', seedProgram(2), '--trace', tracePath, '-q']);
  const good = fs.readFileSync(tracePath);
  const cases = [
    { name: 'seed-02.json', data: good, error: null },
    { name: 'truncated.json', data: good.subarray(0, good.length >> 1), error: /JSON|truncated|unexpected end/i },
    { name: 'other.json', data: Buffer.from('{"format": "chrome-trace", "version": 1}'), error: /format/i },
    { name: 'future.json', data: Buffer.from(good.toString().replace('"version": 1', '"version": 99')), error: /version/i },
    { name: 'list.json', data: Buffer.from('[1, 2, 3]'), error: /corosim/i },
  ];
  for (const c of cases) {
    const { context, page, seen } = await openViewer(browser, emptyViewer, { waitReady: false });
    try {
      await page.waitForFunction(() => window.__corosimViewer);
      assert.match(await page.locator('body').textContent(), /Open a corosim trace/);
      assert.equal(await page.locator('#error').isVisible(), false);
      await page.setInputFiles('#file-input', { name: c.name, mimeType: 'application/json', buffer: c.data });
      if (c.error) {
        await assertErrorShown(page, c.error);
      } else {
        await page.waitForFunction(() => window.__corosimViewer.stats.events > 0 && window.__corosimViewer.ready);
        assert.equal(await hook(page, 'error'), null);
        assert.ok((await page.locator('#header').textContent()).includes('02_create_task.py'));
        assert.equal((await hook(page, 'stats')).events, JSON.parse(good).events.length);
      }
      assert.deepEqual(seen.errors, [], c.name);
    } finally {
      await context.close();
    }
  }
});

test('a page whose embedded data is broken shows a message', async () => {
  const viewer = fs.readFileSync(emptyViewer, 'utf8');
  assert.equal(viewer.split(EMPTY_SLOT).length, 2, 'the viewer has one empty data slot');
  const written = fs.readFileSync(writeSeedPage(dir, 2), 'utf8');
  const data = /<script type="application\/json" id="corosim-trace">([\s\S]*?)<\/script>/.exec(written)[1];
  const cases = [
    { name: 'truncated', data: data.slice(0, data.length >> 1), error: /JSON|truncated|unexpected end/i },
    { name: 'future', data: data.replace(/"version": ?\d+/, '"version":99'), error: /version/i },
  ];
  for (const c of cases) {
    assert.notEqual(c.data, data, c.name);
    const file = path.join(dir, `broken-${c.name}.html`);
    fs.writeFileSync(file, viewer.replace(EMPTY_SLOT, () => EMPTY_SLOT.replace('></', () => `>${c.data}</`)));
    const { context, page, seen } = await openViewer(browser, file);
    try {
      await assertErrorShown(page, c.error);
      assert.deepEqual(seen.errors, [], c.name);
    } finally {
      await context.close();
    }
  }
});
