// The terminal Gantt chart (`corosim run --gantt`, `corosim view`): one row
// per task over virtual time in Unicode block characters, so a run can be
// understood over ssh.
#pragma once

#include <string>

#include "sim/trace/trace_model.h"

namespace corosim {

/// The widths the chart is drawn at, in columns: narrower leaves no room for
/// the labels and the axis, wider than any screen is a typo that would only
/// allocate absurd lines. `--width` outside the range is refused; a
/// terminal's width or $COLUMNS outside it is brought into it.
inline constexpr int kMinGanttWidth = 40;
inline constexpr int kMaxGanttWidth = 1000;

struct GanttOptions {
  int width = 100;         // the whole line, in terminal columns (brought into the range above)
  bool color = false;      // ANSI colours; without them the text has no escape codes
  bool all_tasks = false;  // also asyncio.run's internal tasks
};

/// The chart, lines ending in '\n'. No line is wider than the width: every
/// character is one column wide, and text from the trace (names, outcome) is
/// reduced to printable single-width characters, the rest shown as '?', so a
/// trace cannot move the cursor or change colours.
std::string render_gantt(const Trace& trace, const GanttOptions& options);

}  // namespace corosim
