#include "cli/console.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "cli/flag_table.h"
#include "sim/view/gantt_text.h"

namespace corosim {
namespace {

constexpr int kFallbackWidth = 100;

int chart_width(uint64_t columns) {
  return static_cast<int>(std::clamp<uint64_t>(columns, kMinGanttWidth, kMaxGanttWidth));
}

}  // namespace

int Console::default_width() const {
  if (stdout_is_terminal && terminal_columns > 0) return chart_width(static_cast<uint64_t>(terminal_columns));
  if (columns_env) {
    std::optional<uint64_t> n = parse_whole_number(*columns_env);
    if (n && *n > 0) return chart_width(*n);
  }
  return kFallbackWidth;
}

Console detect_console() {
  Console console;
  console.stdout_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  winsize size{};
  if (console.stdout_is_terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    console.terminal_columns = size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) console.columns_env = columns;
  return console;
}

}  // namespace corosim
