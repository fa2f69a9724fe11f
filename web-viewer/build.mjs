// Builds dist/viewer.html: src/index.html with the bundled script and the
// minified stylesheet inlined, and a Content-Security-Policy that allows
// exactly those two inline blocks by hash. `--check` rebuilds in memory and
// fails when the committed file is stale (the C++ build embeds it as is).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const OUT = join(root, 'dist', 'viewer.html');
const DATA_ELEMENT = '<script type="application/json" id="corosim-trace"></script>';

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

// The HTML tokenizer ends a raw-text element at `</script` / `</style` in any
// case, and `<!--` inside a script changes how it looks for the end tag.
function checkRawText(text, tag, what) {
  const lower = text.toLowerCase();
  if (lower.includes(`</${tag}`)) fail(`${what} contains "</${tag}", which would end the inline element early`);
  if (lower.includes('<!--')) fail(`${what} contains "<!--", which changes how the browser finds its end`);
  if (/[^\x09\x0a\x20-\x7e]/.test(text)) fail(`${what} contains characters outside printable ASCII; the hash must not depend on the page's encoding`);
}

function fillMarker(html, marker, text) {
  const parts = html.split(marker);
  if (parts.length !== 2) fail(`src/index.html must contain ${marker} exactly once (found ${parts.length - 1})`);
  return parts[0] + text + parts[1];
}

async function build() {
  const bundled = await esbuild.build({
    entryPoints: [join(root, 'src', 'main.js')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    charset: 'ascii',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0].text.trimEnd();
  const css = await esbuild.transform(readFileSync(join(root, 'src', 'style.css'), 'utf8'), {
    loader: 'css', minify: true, charset: 'ascii', legalComments: 'none',
  });
  const style = css.code.trimEnd();
  checkRawText(script, 'script', 'the bundled script');
  checkRawText(style, 'style', 'the stylesheet');

  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; ` +
    `require-trusted-types-for 'script'; trusted-types 'none'`;
  let html = readFileSync(join(root, 'src', 'index.html'), 'utf8');
  html = fillMarker(html, '<!--@csp-->', `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  html = fillMarker(html, '<!--@style-->', `<style>${style}</style>`);
  html = fillMarker(html, '<!--@script-->', `<script>${script}</script>`);
  if (html.split(DATA_ELEMENT).length !== 2) fail(`the page must contain ${DATA_ELEMENT} exactly once`);
  if (!/^<!doctype html>\s*<html[^>]*>\s*<head>\s*<meta http-equiv="Content-Security-Policy"/i.test(html)) {
    fail('the Content-Security-Policy meta tag must be the first element in <head>');
  }
  return html;
}

const html = await build();
if (process.argv.includes('--check')) {
  let current = null;
  try { current = readFileSync(OUT, 'utf8'); } catch { /* reported below */ }
  if (current !== html) {
    fail(current === null
      ? 'dist/viewer.html is missing; run `npm run build` in web-viewer/'
      : 'dist/viewer.html does not match its sources; run `npm run build` in web-viewer/ and commit the result');
  }
  console.log('dist/viewer.html matches its sources');
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, html);
  console.log(`wrote dist/viewer.html (${html.length} bytes)`);
}
