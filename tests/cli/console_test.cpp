#include "cli/console.h"

#include <doctest/doctest.h>

#include "sim/view/gantt_text.h"

namespace corosim {
namespace {

TEST_CASE("the default width is the terminal's, else $COLUMNS, else 100, within the chart's range") {
  CHECK(Console{true, 132, "72"}.default_width() == 132);
  CHECK(Console{false, 132, "72"}.default_width() == 72);
  CHECK(Console{false, 0, std::nullopt}.default_width() == 100);
  // Beyond the range the chart is drawn in: brought into it.
  CHECK(Console{true, 5000, std::nullopt}.default_width() == kMaxGanttWidth);
  CHECK(Console{true, 20, std::nullopt}.default_width() == kMinGanttWidth);
  CHECK(Console{false, 0, "5000"}.default_width() == kMaxGanttWidth);
  CHECK(Console{false, 0, "99999999999999999999999"}.default_width() == 100);
  CHECK(Console{false, 0, "12"}.default_width() == kMinGanttWidth);
  // Not a width at all: the fallback.
  for (const char* garbled : {"0", "-80", "lots", "", "80x"}) {
    CAPTURE(garbled);
    CHECK(Console{false, 0, garbled}.default_width() == 100);
  }
}

}  // namespace
}  // namespace corosim
