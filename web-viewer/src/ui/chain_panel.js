// The await-chain panel (#await-chain, above the event list): in words, what
// the selected task and the tasks it awaits were doing at the clicked moment,
// down to the lock, queue or event the chain ends in. Takes the viewer's
// state, `app` (see app.js).
import { chainLines } from '../model/await_chain.js';
import { formatRoundedTime } from '../model/describe.js';

// A gather of thousands would make a panel nobody reads.
const MAX_LINES = 12;

// Shows the panel for the current chain (hidden without one); text only when the chain changed.
export function showChainPanel(app) {
  const { ui, el, data, view } = app;
  if (ui.chainShown === ui.chain) return;
  ui.chainShown = ui.chain;
  const panel = el.awaitChain;
  if (!ui.chain || ui.markPos === null) {
    panel.hidden = true;
    panel.textContent = '';
    return;
  }
  const steps = view.mode === 'steps';
  const lines = chainLines(data.trace, data.timeline, ui.chain, ui.markPos, steps);
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`and ${lines.length - MAX_LINES} more tasks`);
  const at = steps ? `step ${Math.floor(ui.markPos)}` : formatRoundedTime(ui.markPos);
  panel.textContent = `await chain at ${at}:\n${shown.join('\n')}`;
  panel.hidden = false;
}
