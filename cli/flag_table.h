// A command's flags as a table: one row per flag is the single source of its
// texts, which `corosim CMD --help` and `corosim --help` both print.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corosim {

/// One flag, bound to a field of the command's `Options` struct.
template <typename Options>
struct FlagRow {
  const char* names;          ///< CLI11's spelling: "-q,--quiet"
  const char* value_name;     ///< what follows the flag ("" for a switch)
  const char* help;
  const char* default_value;  ///< shown as "(default: ...)"; "" for none
  /// Adds the flag to `command`, bound to its field of `options`, with its check.
  CLI::Option* (*add)(CLI::App& command, const std::string& names, const std::string& help, Options& options);
};

/// "HELP (default: DEFAULT)".
template <typename Options>
std::string flag_help(const FlagRow<Options>& flag) {
  std::string text = flag.help;
  if (*flag.default_value) text += std::string(" (default: ") + flag.default_value + ")";
  return text;
}

/// Adds every row of `flags` to `command`, in table order.
template <typename Options, std::size_t N>
void add_flag_rows(CLI::App& command, const FlagRow<Options> (&flags)[N], Options& options) {
  for (const FlagRow<Options>& flag : flags) {
    CLI::Option* option = flag.add(command, flag.names, flag_help(flag), options);
    if (*flag.value_name) option->type_name(flag.value_name);
  }
}

/// The row spelled `names`; a typo does not compile.
template <typename Options, std::size_t N>
consteval const FlagRow<Options>& find_flag_row(const FlagRow<Options> (&flags)[N], std::string_view names) {
  for (const FlagRow<Options>& flag : flags) {
    if (names == flag.names) return flag;
  }
  throw "no such flag in the table";
}

/// `text` as a whole number >= 0, or nullopt when it is not one or does not
/// fit (CLI11's own conversion would wrap "-5" around).
std::optional<uint64_t> parse_whole_number(const std::string& text);

}  // namespace corosim
