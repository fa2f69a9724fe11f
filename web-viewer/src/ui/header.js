// The header: program, outcome and the run's figures, as text nodes.
import { formatExactTime, taskName } from '../model/describe.js';

function outcomeText(trace) {
  const o = trace.outcome;
  switch (o.status) {
    case 'ok': return 'finished';
    case 'error': {
      const e = o.error || {};
      const where = e.task ? ` in ${taskName(trace, e.task)}` : '';
      return `error: ${e.type ?? '?'}${e.message ? `: ${e.message}` : ''}${where}`;
    }
    case 'deadlock': return `deadlock${Array.isArray(o.waiting) ? ` (${o.waiting.length} tasks waiting)` : ''}`;
    case 'until': return 'stopped by --until';
    case 'limit': return `stopped: ${o.limit ?? 'limit'} limit`;
    default: return o.status;
  }
}

function stat(container, label, value, className) {
  const span = document.createElement('span');
  span.className = `stat${className ? ` ${className}` : ''}`;
  span.append(`${label} `);
  const b = document.createElement('b');
  b.textContent = value;
  span.appendChild(b);
  container.appendChild(span);
}

export function renderHeader(container, trace, timeline, name) {
  const { stats, steps } = timeline;
  container.replaceChildren();
  const program = document.createElement('span');
  program.className = 'program';
  program.textContent = trace.program + (name && name !== trace.program ? ` (${name})` : '');
  container.appendChild(program);
  stat(container, 'outcome', outcomeText(trace), trace.outcome.status === 'ok' ? 'outcome-ok' : 'outcome-bad');
  stat(container, 'end time', formatExactTime(trace.endTime));
  const hidden = stats.tasks - stats.visibleTasks;
  stat(container, 'tasks', hidden ? `${stats.visibleTasks} (+${hidden} internal)` : String(stats.tasks));
  // Steps are counted like tasks: those of asyncio.run's internal tasks apart.
  let internalSteps = 0;
  for (let k = 0; k < steps.count; k++) internalSteps += trace.tasks.internal[steps.task[k]];
  stat(container, 'steps', internalSteps ? `${stats.steps - internalSteps} (+${internalSteps} internal)` : String(stats.steps));
  stat(container, 'peak live', String(stats.peakLive));
  stat(container, 'loop busy', `${(stats.busyShare * 100).toFixed(stats.busyShare > 0 && stats.busyShare < 0.001 ? 3 : 1)}%`);
}
