// The selected task, with its await chain and the tasks waiting on the same
// object as it at the clicked moment, and the hovered task. Every function
// takes the viewer's state, `app` (see app.js).
import { awaitChain } from '../model/await_chain.js';
import { objectLabel, objectWaitAt, waitersAt } from '../model/object_waits.js';
import { showTaskEvents, updateListHighlight } from './event_panel.js';
import { revealRow } from './view_state.js';

// Selects a task (null clears), computes its await chain at `pos` and
// brings its events into the list (and its row into the chart when
// scrollChart).
export function selectTask(app, id, pos, scrollChart) {
  const { data, view, ui } = app;
  if (!id) ui.followedAt = null;
  view.selected = id;
  ui.markPos = pos;
  if (id && pos !== null) {
    ui.chain = awaitChain(data.trace, data.timeline, id - 1, pos, view.mode === 'steps');
    ui.chainSet = new Set(ui.chain.tasks);
    ui.objectGroup = objectGroupAt(data, id - 1, pos, view.mode === 'steps');
  } else {
    ui.chain = null;
    ui.chainSet = null;
    ui.objectGroup = null;
  }
  if (id) {
    showTaskEvents(app, id - 1, pos);
    if (scrollChart) revealRow(app, id - 1);
  }
  updateListHighlight(app);
  app.requestFrame();
}

// The tasks waiting at pos on the object task i waits on then:
// {object, label, tasks (indices), set}, or null when it waits on none.
function objectGroupAt(data, i, pos, steps) {
  const { trace, timeline } = data;
  const s = objectWaitAt(timeline, i, pos, steps);
  if (s < 0) return null;
  const seg = timeline.segments;
  const object = seg.object[s];
  const tasks = waitersAt(timeline, object, pos, steps);
  return { object, label: objectLabel(trace, seg.primitive[s], object), tasks, set: new Set(tasks) };
}

export function setHovered(app, id) {
  if (app.ui.hovered === id) return;
  app.ui.hovered = id;
  updateListHighlight(app);
  app.requestFrame();
}
