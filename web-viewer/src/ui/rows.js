// Which task gets which row: creation order, each task under the task that
// created it (the model's childStart/children), collapsed subtrees and hidden
// (internal) tasks left out. Linear in the number of tasks.

// Rows in display order: task index and depth per row, and for each task its
// row (-1 when not shown). A hidden task's children take its place, so a
// task is never lost because its creator is hidden; a collapsed task keeps
// its row and hides everything below it.
export function layoutRows(tasks, isHidden, isCollapsed) {
  const n = tasks.count;
  const { childStart, children } = tasks;
  const task = new Int32Array(n);
  const depth = new Int32Array(n);
  const rowOf = new Int32Array(n).fill(-1);
  let rows = 0;
  // Explicit stack of (task index, depth) pairs: the tree can be 100,000 deep.
  const stack = new Int32Array(2 * n + 2);
  let sp = 0;
  const pushChildren = (id, d) => {
    for (let k = childStart[id + 1] - 1; k >= childStart[id]; k--) { stack[sp++] = children[k] - 1; stack[sp++] = d; }
  };
  pushChildren(0, 0);
  while (sp > 0) {
    const d = stack[--sp];
    const i = stack[--sp];
    if (isHidden(i)) { pushChildren(i + 1, d); continue; }
    task[rows] = i; depth[rows] = d; rowOf[i] = rows; rows++;
    if (!isCollapsed(i)) pushChildren(i + 1, d + 1);
  }
  return { count: rows, task: task.subarray(0, rows), depth: depth.subarray(0, rows), rowOf };
}

export function hasChildren(tasks, i) {
  return tasks.childStart[i + 2] > tasks.childStart[i + 1];
}
