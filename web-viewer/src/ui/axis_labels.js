// Where the axis labels go: each centred on its tick, moved inward at the
// ends of the axis so it is never cut, and left out when it would overlap
// the label before it.
//
// API
//   placeLabels(ticks, widthOf, minX, maxX, gap = 6) -> [{tick, x0}]
//     ticks: [{x, label}] in increasing x; widthOf(label) -> px; the labels
//     drawn, each with its left edge x0 inside [minX, maxX - width].

export function placeLabels(ticks, widthOf, minX, maxX, gap = 6) {
  const placed = [];
  let lastRight = -Infinity;
  for (const tick of ticks) {
    const w = widthOf(tick.label);
    const x0 = Math.max(minX, Math.min(maxX - w, tick.x - w / 2));
    if (x0 < lastRight + gap || x0 + w > maxX) continue;
    placed.push({ tick, x0 });
    lastRight = x0 + w;
  }
  return placed;
}
