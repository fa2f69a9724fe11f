// The event list: a scroll container whose height stands for all rows, and
// a small pool of row elements re-filled with the rows in view, so a million
// events cost as much as forty. Text only ever goes in through textContent.

const ROW_HEIGHT = 20;
const OVERSCAN = 4;
const COLUMNS = ['t', 'task', 'kind', 'details'];

export function createEventList(container, sizer, { rowText, onHover, onClick }) {
  let items = new Int32Array(0); // event indices shown, in order
  let highlight = () => '';
  const pool = [];
  let hovered = -1;
  // The time column grows to the longest time shown so far (exact times can
  // have 17 digits); the header row shares the width through a CSS variable.
  let timeChars = 0;
  const widenTime = (chars) => {
    if (chars <= timeChars) return;
    timeChars = chars;
    container.parentElement.style.setProperty('--time-w', `${Math.max(8, chars) + 1}ch`);
  };

  const makeRow = () => {
    const row = document.createElement('div');
    row.className = 'event-row event-cols';
    for (const c of COLUMNS) {
      const span = document.createElement('span');
      span.className = c;
      row.appendChild(span);
    }
    row.addEventListener('click', () => onClick(Number(row.dataset.event)));
    row.addEventListener('mouseenter', () => { hovered = Number(row.dataset.event); onHover(hovered); });
    row.addEventListener('mouseleave', () => { hovered = -1; onHover(-1); });
    container.appendChild(row);
    return row;
  };

  function render() {
    sizer.style.height = `${items.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(container.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(items.length, Math.ceil((container.scrollTop + container.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    while (pool.length < last - first) pool.push(makeRow());
    for (let k = 0; k < pool.length; k++) {
      const row = pool[k];
      const r = first + k;
      if (r >= last) { row.hidden = true; continue; }
      const e = items[r];
      row.hidden = false;
      row.style.top = `${r * ROW_HEIGHT}px`;
      if (row.dataset.event !== String(e)) {
        row.dataset.event = String(e);
        const text = rowText(e);
        const spans = row.children;
        spans[0].textContent = text.time;
        widenTime(text.time.length);
        spans[1].textContent = text.task;
        spans[2].textContent = text.kind;
        spans[2].className = `kind ${text.kindClass}`;
        spans[3].textContent = text.details;
        spans[3].className = text.kind === 'print' ? 'details printed' : 'details';
        row.title = text.full;
      }
      row.className = `event-row event-cols ${highlight(e)}`;
    }
  }

  container.addEventListener('scroll', render, { passive: true });

  return {
    render,
    setItems(next) { items = next; render(); },
    items: () => items,
    setHighlight(fn) { highlight = fn; render(); },
    // Brings the event into view (roughly a third from the top), if shown.
    reveal(event) {
      const r = lowerBound(items, event);
      if (r >= items.length || items[r] !== event) return false;
      const y = r * ROW_HEIGHT;
      if (y < container.scrollTop || y + ROW_HEIGHT > container.scrollTop + container.clientHeight) {
        container.scrollTop = Math.max(0, y - container.clientHeight / 3);
      }
      render();
      return true;
    },
    // Index in `items` of the first shown event at or after `event`.
    position: (event) => lowerBound(items, event),
    // Scrolls so that row r sits `at` of the way down the list (0: at the top).
    scrollToRow(r, at = 1 / 3) { container.scrollTop = Math.max(0, r * ROW_HEIGHT - container.clientHeight * at); render(); },
  };
}

// items are increasing event indices.
function lowerBound(items, value) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid] < value) lo = mid + 1; else hi = mid;
  }
  return lo;
}
