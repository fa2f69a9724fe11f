// The view in the URL fragment (#mode=steps&t0=…&t1=…&sel=3), so a copied
// link reopens the same picture. Unknown or malformed entries are ignored.

export function parseFragment(hash) {
  const out = {};
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const mode = params.get('mode');
  if (mode === 'time' || mode === 'steps') out.mode = mode;
  for (const key of ['t0', 't1']) {
    const v = params.get(key);
    if (v !== null && v.trim() !== '' && Number.isFinite(Number(v))) out[key] = Number(v);
  }
  // A range is only meaningful whole.
  if (!(out.t0 !== undefined && out.t1 !== undefined && out.t1 > out.t0)) { delete out.t0; delete out.t1; }
  const sel = params.get('sel');
  if (sel !== null && /^[1-9][0-9]*$/.test(sel)) out.selected = Number(sel);
  const top = params.get('top');
  if (top !== null && /^[0-9]+$/.test(top)) out.top = Number(top);
  return out;
}

// Numbers keep 6 significant digits relative to the span: enough to restore
// the view to the pixel, short enough to read.
function short(v, span) {
  const digits = Math.max(0, Math.min(15, 6 - Math.floor(Math.log10(span || 1))));
  return String(Number(v.toFixed(digits)));
}

export function formatFragment(view) {
  const span = view.t1 - view.t0;
  const parts = [`mode=${view.mode}`, `t0=${short(view.t0, span)}`, `t1=${short(view.t1, span)}`];
  if (view.selected !== null && view.selected !== undefined) parts.push(`sel=${view.selected}`);
  if (view.top) parts.push(`top=${view.top}`);
  return '#' + parts.join('&');
}
