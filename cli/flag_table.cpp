#include "cli/flag_table.h"

#include <charconv>

namespace corosim {

std::optional<uint64_t> parse_whole_number(const std::string& text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace corosim
