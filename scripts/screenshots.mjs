#!/usr/bin/env node
// Writes the README's screenshots: the viewer on each seed example
// (scenarios/seed/01..05), as `corosim run PROGRAM --html` writes it, fit-all
// view, internal tasks hidden, into docs/screenshots/seed-0N.png; example 4
// also in loop-steps mode (seed-04-steps.png), where its wake-up order shows.
// Usage: scripts/screenshots.mjs [COROSIM]   (default: build/corosim)
import fs from 'node:fs';
import path from 'node:path';
import { hook, launchBrowser, makeTempDir, openViewer, repoRoot, writeSeedPage } from '../tests/browser/harness.mjs';

process.env.COROSIM = process.argv[2] ?? process.env.COROSIM ?? path.join(repoRoot, 'build', 'corosim');
const out = path.join(repoRoot, 'docs', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const dir = makeTempDir('screenshots');
const browser = await launchBrowser();
try {
  for (const n of [1, 2, 3, 4, 5]) {
    const { context, page } = await openViewer(browser, writeSeedPage(dir, n), { viewport: { width: 1200, height: 600 } });
    const error = await hook(page, 'error');
    if (error) throw new Error(`seed example ${n}: the viewer shows an error: ${error}`);
    const file = path.join(out, `seed-0${n}.png`);
    await page.screenshot({ path: file });
    console.log(path.relative(repoRoot, file));
    if (n === 4) {
      await page.evaluate(() => window.__corosimViewer.setView({ mode: 'steps' }));
      await page.click('#fit');
      const steps = path.join(out, 'seed-04-steps.png');
      await page.screenshot({ path: steps });
      console.log(path.relative(repoRoot, steps));
    }
    await context.close();
  }
} finally {
  await browser.close();
}
