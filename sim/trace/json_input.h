// Reading JSON text written by corosim with nlohmann's parser: what every
// reader of a trace file needs around the parse itself.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace corosim {

/// The bytes of the file at `path`, or nullopt with `error` set to
/// "PATH: cannot open file: REASON" (or "cannot read file").
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

/// JSON's grammar allows a \uD800..\uDFFF escape that is not half of a pair,
/// and corosim writes one for a Python str holding a lone surrogate (a task
/// renamed to chr(0xD800)), but nlohmann refuses it. Returns `text` with such
/// escapes turned into \ufffd (the same length, so positions in messages stay
/// right), or nullopt when there was nothing to repair.
std::optional<std::string> without_lone_surrogates(std::string_view text);

/// "NAME:LINE:COLUMN: not valid JSON: REASON" for a parse error in `text`,
/// with "(is the file truncated?)" when the parser ran past its end.
std::string json_syntax_error(const std::string& name, std::string_view text,
                              const nlohmann::json::parse_error& error);

}  // namespace corosim
