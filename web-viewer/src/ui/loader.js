// Where a trace comes from: the data element the CLI fills, the file
// picker, or a file dropped anywhere on the page.
import { parseTraceText, parseTraceBytes } from '../model/trace.js';

// The embedded trace, or null when the page was built without one.
export function readEmbedded(doc) {
  const el = doc.getElementById('corosim-trace');
  const text = el ? el.textContent : '';
  return text.trim() === '' ? null : parseTraceText(text);
}

async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return await parseTraceBytes(bytes);
  } catch (e) {
    throw new Error(`${file.name}: ${e.message}`);
  }
}

// Calls onTrace(trace, name) or onError(message) for each file the user
// opens, unless another file was opened while it was read: the last file
// opened wins, whichever is read first.
export function watchFiles(doc, input, { onTrace, onError }) {
  let opened = 0;
  const open = (file) => {
    if (!file) return;
    const ticket = ++opened;
    readFile(file).then(
      (trace) => { if (ticket === opened) onTrace(trace, file.name); },
      (e) => { if (ticket === opened) onError(e.message); },
    );
  };
  input.addEventListener('change', () => { open(input.files[0]); input.value = ''; });
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  doc.addEventListener('dragenter', (e) => { if (!hasFiles(e)) return; e.preventDefault(); depth++; doc.body.classList.add('dragging'); });
  doc.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (depth === 0) doc.body.classList.remove('dragging'); });
  doc.addEventListener('dragover', (e) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
  doc.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    doc.body.classList.remove('dragging');
    open(e.dataTransfer.files[0]);
  });
}
