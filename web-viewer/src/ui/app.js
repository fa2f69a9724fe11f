// The viewer's state and how its parts fit: one trace, one view (mode, range,
// selection, first row), the chart, the event list and the test hook.
import { buildTimeline, segmentAt } from '../model/timeline.js';
import { describeTask, describeSegment, formatExactTime, formatRoundedTime, taskName } from '../model/describe.js';
import { eventDetails, eventPrinted, filterEvents, tasksMatching } from '../model/filter.js';
import { awaitChain } from '../model/await_chain.js';
import { EVENT_KIND_NAMES, EV_DONE, EV_PRINT, DONE_STATE_NAMES, taskIndexById } from '../model/trace.js';
import { readEmbedded, watchFiles } from './loader.js';
import { layoutRows, hasChildren } from './rows.js';
import { fitView, clampView, zoomView, panView, makeScale } from './viewport.js';
import { parseFragment, formatFragment } from './fragment.js';
import { fitCanvas } from './canvas.js';
import { drawChart, chartGeometry, createDrawState, rowY, toggleHit, ROW_H, LOOP_H } from './chart.js';
import { createEventList } from './event_list.js';
import { renderHeader } from './header.js';
import { renderLegend } from './legend.js';
import { attachInput } from './interaction.js';

const $ = (id) => document.getElementById(id);

// The list follows the chart unless it was used (scrolled, clicked, typed
// into) this recently.
const LIST_HOLD_MS = 3000;
// Controls that act on a loaded trace; disabled until there is one.
const TRACE_CONTROLS = ['zoom-out', 'zoom-in', 'fit', 'mode', 'show-internal'];

export function startViewer() {
  const hook = {
    ready: false,
    error: null,
    stats: { loadMs: 0, parseMs: 0, layoutMs: 0, firstFrameMs: 0, tasks: 0, events: 0, frames: 0, lastFrameMs: 0, maxFrameMs: 0 },
  };
  window.__corosimViewer = hook;

  const el = {
    chart: $('chart'), canvas: $('chart-canvas'), scroll: $('chart-scroll'), scrollSize: $('chart-scroll-size'),
    tooltip: $('tooltip'), error: $('error'), dropzone: $('dropzone'), main: $('main'), header: $('header'),
    mode: $('mode'), showInternal: $('show-internal'), filterText: $('filter-text'), filterTask: $('filter-task'),
    filterKind: $('filter-kind'), eventCount: $('event-count'), legend: $('legend'), events: $('events'),
  };

  // Everything about the loaded trace; null until one is loaded.
  let data = null;
  const view = { mode: 'time', t0: 0, t1: 1, selected: null, top: 0 };
  const ui = {
    hovered: null, hoverPos: null, markPos: null, chain: null, chainSet: null, collapsed: new Set(),
    lastAxis: { base: null, ticks: [] },
    // The list's last follow of the chart (the range start it scrolled to) and its last use.
    followedAt: null, listUsedAt: -Infinity,
    // Where to go back to on switching the mode back without moving the view.
    modeReturn: null,
  };
  const draw = createDrawState();
  let frameRequested = false;
  let geo = null;
  let scale = null;

  const showError = (message) => {
    hook.error = message;
    el.error.textContent = message;
    el.error.hidden = false;
    if (!data) { el.dropzone.hidden = false; el.main.hidden = true; }
    hook.ready = true;
  };

  const domain = () => (view.mode === 'steps' ? [0, Math.max(1, data.timeline.steps.count)] : [0, data.trace.endTime]);

  function setRange(next) {
    const [d0, d1] = domain();
    const v = clampView(next, d0, d1);
    view.t0 = v.t0;
    view.t1 = v.t1;
    requestFrame();
  }

  function relayoutRows() {
    const { trace } = data;
    const showInternal = el.showInternal.checked;
    data.rows = layoutRows(trace.tasks, (i) => !showInternal && trace.tasks.internal[i] === 1, (i) => ui.collapsed.has(i));
    // A short trace gets a chart just tall enough, leaving room to the event list.
    const want = chartGeometry(1000, 0, 'steps').rowsTop + (data.rows.count + 1) * ROW_H;
    el.chart.style.flex = want < window.innerHeight * 0.6 ? `0 0 ${Math.max(160, want)}px` : '';
    setTop(view.top);
  }

  function setTop(top) {
    const max = Math.max(0, data.rows.count - (geo ? geo.visibleRows : 1));
    view.top = Math.max(0, Math.min(max, Math.round(top) || 0));
    requestFrame();
  }

  function load(trace, name, started) {
    const t1 = performance.now();
    const timeline = buildTimeline(trace);
    data = { trace, timeline, name, rows: null, items: null };
    ui.collapsed.clear();
    ui.hovered = null; ui.chain = null; ui.chainSet = null; ui.markPos = null; ui.hoverPos = null;
    relayoutRows();
    hook.stats.parseMs = t1 - started;
    hook.stats.layoutMs = performance.now() - t1;
    hook.stats.tasks = trace.tasks.count;
    hook.stats.events = trace.events.count;
    hook.error = null;
    el.error.hidden = true;
    el.dropzone.hidden = true;
    el.main.hidden = false;
    renderHeader(el.header, trace, timeline, name);
    document.title = `${trace.program} \u2014 corosim`;
    for (const id of TRACE_CONTROLS) $(id).disabled = false;
    const wanted = parseFragment(location.hash);
    view.mode = wanted.mode ?? 'time';
    ui.modeReturn = null;
    ui.followedAt = null;
    showMode();
    view.selected = wanted.selected && taskIndexById(trace, wanted.selected) >= 0 ? wanted.selected : null;
    setRange(wanted.t0 !== undefined ? { t0: wanted.t0, t1: wanted.t1 } : fitView(...domain()));
    if (wanted.top !== undefined) setTop(wanted.top);
    applyFilters();
    if (view.selected) selectTask(view.selected, null, false);
    hook.ready = false;
    requestFrame();
  }

  // --- event list -----------------------------------------------------------

  const list = createEventList($('events'), $('events-size'), {
    rowText: (e) => {
      const { trace } = data;
      const ev = trace.events;
      const kind = EVENT_KIND_NAMES[ev.kind[e]];
      const printed = eventPrinted(trace, e);
      const details = ev.kind[e] === EV_PRINT ? JSON.stringify(printed) : eventDetails(trace, e);
      const task = ev.task[e] ? taskName(trace, ev.task[e]) : '\u2014';
      const time = formatExactTime(ev.t[e]);
      // A done event is coloured by how the task ended, as its end mark is.
      const kindClass = ev.kind[e] === EV_DONE ? `k-done-${DONE_STATE_NAMES[ev.a[e]]}` : `k-${kind}`;
      return { time, task, kind, kindClass, details, full: `${time}  ${task}  ${kind}  ${details}` };
    },
    onHover: (e) => {
      if (!data) return;
      ui.hoverPos = e < 0 ? null : eventPos(e);
      ui.hovered = e < 0 ? null : data.trace.events.task[e] || null;
      requestFrame();
    },
    onClick: (e) => {
      const id = data.trace.events.task[e];
      if (id) selectTask(id, eventPos(e), false);
      revealPos(eventPos(e));
    },
  });

  const eventPos = (e) => (view.mode === 'steps' ? data.timeline.eventSlot[e] : data.trace.events.t[e]);

  // Events of the tasks the task filter names and, unless shown, not of
  // asyncio.run's internal tasks: a mask by task id (index 0: events of no task).
  function taskFilter() {
    const { trace } = data;
    const matching = tasksMatching(trace, el.filterTask.value);
    const mask = matching ? matching.mask : new Uint8Array(trace.tasks.count + 1).fill(1);
    if (!el.showInternal.checked) for (let i = 0; i < trace.tasks.count; i++) if (trace.tasks.internal[i]) mask[i + 1] = 0;
    return { mask, none: matching !== null && matching.count === 0 };
  }

  function applyFilters() {
    if (!data) return;
    const { trace } = data;
    const { mask, none } = taskFilter();
    const kind = el.filterKind.value;
    const items = none ? new Int32Array(0) : filterEvents(trace, { tasks: mask, kinds: kind ? [kind] : null, text: el.filterText.value.trim() });
    data.items = items;
    list.setItems(items);
    el.eventCount.textContent = none ? 'no task has this name or id' : eventCountText(items.length);
    updateListHighlight();
    ui.followedAt = null;
    requestFrame();
  }

  function eventCountText(n) {
    const { trace, timeline } = data;
    let internal = 0;
    if (!el.showInternal.checked) {
      for (let i = 0; i < trace.tasks.count; i++) {
        if (trace.tasks.internal[i]) internal += timeline.taskEventStart[i + 1] - timeline.taskEventStart[i];
      }
    }
    const text = `${n} of ${trace.events.count - internal} events`;
    return internal ? `${text} (${internal} of internal tasks hidden)` : text;
  }

  // The list follows the chart: when the start of the visible range moved,
  // it scrolls to the first listed event at or after it. Not while a task is
  // selected (the list then stays on that task's events), nor while the list
  // is in use.
  function followList() {
    const key = `${view.mode} ${view.t0}`;
    if (key === ui.followedAt) return;
    ui.followedAt = key;
    if (view.selected || performance.now() - ui.listUsedAt < LIST_HOLD_MS) return;
    const items = data.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (eventPos(items[mid]) < view.t0) lo = mid + 1; else hi = mid; }
    list.scrollToRow(lo, 0);
  }

  function updateListHighlight() {
    const ev = data.trace.events;
    const sel = view.selected;
    const hov = ui.hovered;
    list.setHighlight((e) => (sel && ev.task[e] === sel ? 'selected' : hov && ev.task[e] === hov ? 'related' : ''));
  }

  // --- selection -----------------------------------------------------------

  // Selects a task (null clears), computes its await chain at `pos` and
  // brings its events into the list.
  function selectTask(id, pos, scrollChart) {
    if (!id) ui.followedAt = null;
    view.selected = id;
    ui.markPos = pos;
    if (id && pos !== null) {
      ui.chain = awaitChain(data.trace, data.timeline, id - 1, pos, view.mode === 'steps');
      ui.chainSet = new Set(ui.chain.tasks);
    } else {
      ui.chain = null;
      ui.chainSet = null;
    }
    if (id) {
      const tl = data.timeline;
      const i = id - 1;
      const evs = tl.taskEvents.subarray(tl.taskEventStart[i], tl.taskEventStart[i + 1]);
      // The task's first event at or after the clicked position, else its first.
      let target = evs.length ? evs[0] : -1;
      if (pos !== null) for (const e of evs) { if (eventPos(e) >= pos) { target = e; break; } }
      if (target >= 0 && !list.reveal(target)) list.scrollToRow(list.position(target));
      if (scrollChart) revealRow(i);
    }
    updateListHighlight();
    requestFrame();
  }

  function revealRow(i) {
    const r = data.rows.rowOf[i];
    if (r < 0) return;
    if (r < view.top || r >= view.top + geo.visibleRows) setTop(r - Math.floor(geo.visibleRows / 3));
  }

  function revealPos(pos) {
    if (pos >= view.t0 && pos <= view.t1) return;
    const w = view.t1 - view.t0;
    setRange({ t0: pos - w / 2, t1: pos + w / 2 });
  }

  // --- drawing ---------------------------------------------------------------

  function requestFrame() {
    if (frameRequested || !data) return;
    frameRequested = true;
    requestAnimationFrame(() => { frameRequested = false; frame(); });
  }

  function measure() {
    const rect = el.chart.getBoundingClientRect();
    geo = chartGeometry(rect.width, rect.height, view.mode);
    scale = makeScale(view, geo.plotX0, geo.plotX1);
    el.scroll.style.top = `${geo.rowsTop}px`;
    el.scrollSize.style.height = `${data.rows.count * ROW_H}px`;
  }

  function frame() {
    const t0 = performance.now();
    measure();
    const max = Math.max(0, data.rows.count - geo.visibleRows);
    if (view.top > max) view.top = max;
    const { ctx, ratio } = fitCanvas(el.canvas, geo.width, geo.height);
    ui.lastAxis = drawChart(ctx, ratio, {
      ...draw, trace: data.trace, timeline: data.timeline, rows: data.rows, geo, scale, mode: view.mode,
      top: view.top, selected: view.selected, hovered: ui.hovered, chain: ui.chain, chainSet: ui.chainSet,
      hoverPos: ui.hoverPos ?? ui.markPos, markPos: ui.markPos, collapsed: ui.collapsed,
    });
    followList();
    const wantScroll = view.top * ROW_H;
    if (Math.abs(el.scroll.scrollTop - wantScroll) >= 1) el.scroll.scrollTop = wantScroll;
    const ms = performance.now() - t0;
    const st = hook.stats;
    st.frames++;
    st.lastFrameMs = ms;
    st.maxFrameMs = Math.max(st.maxFrameMs, ms);
    if (!hook.ready) {
      st.firstFrameMs = ms;
      st.loadMs = performance.now();
      hook.ready = true;
    }
    writeFragment();
    return ms;
  }

  let lastFragment = '';
  function writeFragment() {
    const f = formatFragment(view);
    if (f === lastFragment) return;
    lastFragment = f;
    history.replaceState(null, '', f);
  }

  window.addEventListener('hashchange', () => {
    if (!data || location.hash === lastFragment) return;
    hook.setView(parseFragment(location.hash));
  });

  // --- hit testing and tooltip ---------------------------------------------

  // What is under a client position: {row, task (index), pos, inLabels} or null.
  function hitTest(clientX, clientY) {
    if (!data || !geo) return null;
    const rect = el.canvas.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    const pos = scale.toT(x);
    if (y < geo.axisH) return { area: 'axis', x, y, pos };
    if (y < geo.axisH + LOOP_H) return { area: 'loop', x, y, pos };
    if (y < geo.rowsTop) return null;
    const row = view.top + Math.floor((y - geo.rowsTop) / ROW_H);
    if (row >= data.rows.count) return { area: 'empty', x, y, pos };
    return { area: x < geo.labelW ? 'label' : 'row', row, task: data.rows.task[row], x, y, pos };
  }

  function tooltipLines(hit) {
    const { trace, timeline } = data;
    const steps = view.mode === 'steps';
    if (hit.area === 'loop') return loopTooltip(hit.pos);
    if (hit.area !== 'row' && hit.area !== 'label') return null;
    const lines = describeTask(trace, timeline, hit.task);
    if (hit.area === 'row') {
      const step = nearStep(hit.task, hit.x);
      if (step >= 0) {
        const st = timeline.steps;
        lines.push('', stepText(step));
      } else {
        const seg = segmentAt(timeline, hit.task, hit.pos, steps);
        if (seg >= 0) lines.push('', describeSegment(trace, timeline, seg));
      }
    }
    return lines;
  }

  function loopTooltip(pos) {
    const { timeline } = data;
    const st = timeline.steps;
    if (view.mode === 'steps') {
      const k = Math.floor(pos);
      if (k < 0 || k >= st.count) return null;
      return [`loop ${stepText(k)}`, `by ${taskName(data.trace, st.task[k] + 1)}`];
    }
    const b = timeline.busy;
    for (let i = 0; i < b.count; i++) {
      if (b.start[i] <= pos && pos < b.end[i]) {
        return ['event loop: busy (blocking step)', `${formatExactTime(b.start[i])} to ${formatExactTime(b.end[i])}`];
      }
    }
    return ['event loop', `${timeline.stats.steps} steps, busy ${formatRoundedTime(timeline.stats.busyTime)} of ${formatExactTime(data.trace.endTime)}`];
  }

  // "step 7 at 2 s", and how long it blocked the loop if it did.
  function stepText(k) {
    const st = data.timeline.steps;
    const blocked = st.end[k] > st.t[k] ? `, blocking the loop for ${formatRoundedTime(st.end[k] - st.t[k])}` : ', took no virtual time';
    return `step ${k} at ${formatExactTime(st.t[k])}${blocked}`;
  }

  // The step of task i drawn within 3 px of x, or -1.
  function nearStep(i, x) {
    const tl = data.timeline;
    const pos = view.mode === 'steps' ? tl.taskStepSlot : tl.taskStepTime;
    let best = -1;
    let bestD = 3.5;
    const half = view.mode === 'steps' ? 0.5 : 0;
    for (let q = tl.taskStepStart[i]; q < tl.taskStepStart[i + 1]; q++) {
      const d = Math.abs(scale.toX(pos[q] + half) - x) - (view.mode === 'steps' ? scale.k / 2 : 0);
      if (d < bestD) { bestD = d; best = tl.taskSteps[q]; }
      if (scale.toX(pos[q]) > x + 4) break;
    }
    return best;
  }

  function showTooltip(hit, clientX, clientY) {
    const lines = hit ? tooltipLines(hit) : null;
    if (!lines) { el.tooltip.hidden = true; return; }
    el.tooltip.textContent = lines.join('\n');
    el.tooltip.hidden = false;
    const w = el.tooltip.offsetWidth;
    const h = el.tooltip.offsetHeight;
    const left = clientX + 14 + w > window.innerWidth ? clientX - 14 - w : clientX + 14;
    const top = clientY + 16 + h > window.innerHeight ? clientY - 10 - h : clientY + 16;
    el.tooltip.style.left = `${Math.max(0, left)}px`;
    el.tooltip.style.top = `${Math.max(0, top)}px`;
  }

  function setHovered(id) {
    if (ui.hovered === id) return;
    ui.hovered = id;
    updateListHighlight();
    requestFrame();
  }

  // --- the mode ------------------------------------------------------------

  // Switching mode keeps the same stretch of the run in view: the range is
  // mapped through the steps' times.
  // Switching back without moving the view returns to the range left.
  function setMode(mode) {
    if (!data || mode === view.mode) return;
    const st = data.timeline.steps;
    const back = ui.modeReturn;
    let range;
    if (back && back.mode === mode && back.mapped.t0 === view.t0 && back.mapped.t1 === view.t1) {
      range = back.range;
    } else if (mode === 'steps') {
      const a = lowerSlot(st, view.t0);
      const b = lowerSlot(st, view.t1);
      range = b - a >= 1 ? { t0: a, t1: b } : fitView(0, Math.max(1, st.count));
    } else {
      const a = st.count ? st.t[Math.max(0, Math.min(st.count - 1, Math.floor(view.t0)))] : 0;
      const b = st.count ? st.t[Math.max(0, Math.min(st.count - 1, Math.ceil(view.t1) - 1))] : 0;
      range = b > a ? { t0: a, t1: b } : fitView(0, data.trace.endTime);
    }
    const left = { mode: view.mode, range: { t0: view.t0, t1: view.t1 } };
    view.mode = mode;
    showMode();
    ui.markPos = null; ui.chain = null; ui.chainSet = null; ui.hoverPos = null;
    setRange(range);
    ui.modeReturn = { ...left, mapped: { t0: view.t0, t1: view.t1 } };
  }

  // The mode button shows both modes, the current one marked; the legend
  // shows how the current mode draws steps.
  function showMode() {
    for (const opt of el.mode.children) opt.classList.toggle('on', opt.dataset.mode === view.mode);
    el.mode.title = view.mode === 'steps'
      ? 'Showing loop steps (one slot per step). Click or press m for virtual time.'
      : 'Showing virtual time. Click or press m for loop steps (one slot per step, in execution order).';
    renderLegend(el.legend, view.mode);
  }

  function lowerSlot(st, t) {
    let lo = 0;
    let hi = st.count;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (st.t[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // --- the hook --------------------------------------------------------------

  const canvasRect = () => el.canvas.getBoundingClientRect();
  Object.assign(hook, {
    getView: () => ({ mode: view.mode, t0: view.t0, t1: view.t1, selected: view.selected, top: view.top }),
    setView(partial) {
      if (!data) return;
      if (partial.mode && partial.mode !== view.mode) setMode(partial.mode);
      if (partial.t0 !== undefined || partial.t1 !== undefined) setRange({ t0: partial.t0 ?? view.t0, t1: partial.t1 ?? view.t1 });
      if (partial.selected !== undefined) {
        const id = partial.selected && taskIndexById(data.trace, partial.selected) >= 0 ? partial.selected : null;
        selectTask(id, null, true);
      }
      if (partial.top !== undefined) setTop(partial.top);
      frame();
    },
    timeToX: (t) => (scale ? canvasRect().left + scale.toX(t) : null),
    xToTime: (x) => (scale ? scale.toT(x - canvasRect().left) : null),
    taskRow(id) {
      if (!data || !geo || taskIndexById(data.trace, id) < 0) return null;
      const r = data.rows.rowOf[id - 1];
      if (r < view.top || r >= view.top + geo.visibleRows) return null;
      const y = canvasRect().top + rowY(geo, r, view.top);
      return { y0: y, y1: y + ROW_H };
    },
    taskBar(id) {
      const row = hook.taskRow(id);
      if (!row) return null;
      const tl = data.timeline;
      const steps = view.mode === 'steps';
      const left = canvasRect().left;
      const mid = (row.y0 + row.y1) / 2;
      return {
        x0: left + scale.toX(steps ? tl.taskSlot0[id - 1] : tl.taskStart[id - 1]),
        x1: left + scale.toX(steps ? tl.taskSlot1[id - 1] : tl.taskEnd[id - 1]),
        y0: mid - 7, y1: mid + 7,
      };
    },
    stepMarks(id) {
      if (!data || !scale || taskIndexById(data.trace, id) < 0) return [];
      const tl = data.timeline;
      const left = canvasRect().left;
      const out = [];
      for (let q = tl.taskStepStart[id - 1]; q < tl.taskStepStart[id]; q++) {
        const t = tl.taskStepTime[q];
        const slot = tl.taskStepSlot[q];
        out.push({ t, slot, x: left + scale.toX(view.mode === 'steps' ? slot : t) });
      }
      return out;
    },
    ticks: () => {
      const left = data ? canvasRect().left : 0;
      return ui.lastAxis.ticks.map((tick) => ({ x: left + tick.x, label: tick.label }));
    },
    axisBase: () => ui.lastAxis.base?.label ?? null,
    redraw: () => (data ? frame() : 0),
  });

  // --- wiring ------------------------------------------------------------------

  attachInput({
    el,
    hasData: () => data !== null,
    geometry: () => geo,
    scale: () => scale,
    view,
    hitTest,
    showTooltip,
    setHovered,
    zoom: (factor, at) => setRange(zoomView(view, factor, at)),
    pan: (dt) => setRange(panView(view, dt)),
    scrollRows: (d) => setTop(view.top + d),
    setTop,
    fit: () => setRange(fitView(...domain())),
    toggleMode: () => setMode(view.mode === 'steps' ? 'time' : 'steps'),
    click(hit) {
      if (!hit || (hit.area !== 'row' && hit.area !== 'label')) { selectTask(null, null, false); return; }
      selectTask(hit.task + 1, hit.area === 'row' ? hit.pos : null, false);
    },
    // A click on a task's collapse toggle: folds or unfolds its subtree.
    toggleHitAt(hit) {
      const i = hit.task;
      if (!hasChildren(data.trace.tasks, i) || !toggleHit(geo, data.rows, hit.row, hit.x)) return false;
      if (ui.collapsed.has(i)) ui.collapsed.delete(i); else ui.collapsed.add(i);
      relayoutRows();
      return true;
    },
    clearSelection: () => selectTask(null, null, false),
    redraw: requestFrame,
  });

  el.showInternal.addEventListener('change', () => { if (data) { relayoutRows(); applyFilters(); } });
  for (const input of [el.filterText, el.filterTask]) input.addEventListener('input', applyFilters);
  el.filterKind.addEventListener('change', applyFilters);
  new ResizeObserver(() => requestFrame()).observe(el.chart);
  renderLegend(el.legend, view.mode);
  // Any use of the list holds it where the user put it (see followList).
  const listUsed = () => { ui.listUsedAt = performance.now(); };
  for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) el.events.addEventListener(type, listUsed, { passive: true });

  watchFiles(document, $('file-input'), {
    onTrace: (trace, name) => { history.replaceState(null, '', '#'); lastFragment = ''; load(trace, name, performance.now()); },
    onError: (message) => showError(message),
  });

  const started = performance.now();
  let embedded = null;
  try {
    embedded = readEmbedded(document);
  } catch (e) {
    showError(`This page's embedded trace cannot be read: ${e.message}`);
    return;
  }
  if (embedded) {
    try {
      load(embedded, null, started);
    } catch (e) {
      data = null;
      showError(`This trace cannot be shown: ${e.message}`);
    }
  } else {
    el.dropzone.hidden = false;
    el.main.hidden = true;
    hook.ready = true;
  }
}
