// Console: what corosim knows about where its stdout goes, for the terminal
// Gantt chart: colours only on a terminal, and its width.
#pragma once

#include <optional>
#include <string>

namespace corosim {

struct Console {
  bool stdout_is_terminal = false;
  int terminal_columns = 0;                ///< 0: unknown
  std::optional<std::string> columns_env;  ///< $COLUMNS, if set

  /// The chart's width when --width is not given: the terminal's when stdout
  /// is one, else $COLUMNS (a whole number > 0), else 100; the first two
  /// brought into kMinGanttWidth..kMaxGanttWidth (sim/view/gantt_text.h).
  int default_width() const;
};

/// The console of this process (stdout is file descriptor 1).
Console detect_console();

}  // namespace corosim
