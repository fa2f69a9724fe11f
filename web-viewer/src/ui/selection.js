// The selected task, with its await chain at the clicked moment, and the
// hovered task. Every function takes the viewer's state, `app` (see app.js).
import { awaitChain } from '../model/await_chain.js';
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
  } else {
    ui.chain = null;
    ui.chainSet = null;
  }
  if (id) {
    showTaskEvents(app, id - 1, pos);
    if (scrollChart) revealRow(app, id - 1);
  }
  updateListHighlight(app);
  app.requestFrame();
}

export function setHovered(app, id) {
  if (app.ui.hovered === id) return;
  app.ui.hovered = id;
  updateListHighlight(app);
  app.requestFrame();
}
