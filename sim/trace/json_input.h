// Reading JSON text written by corosim: what every reader of a trace file
// needs around the parse itself, whether it parses with nlohmann's parser
// (corosim validate) or with JsonScanner (read_trace).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "sim/trace/json_scanner.h"

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

/// "NAME:LINE:COLUMN" of the byte at `offset` in `text` (columns count bytes;
/// the text's size names the place just after its last byte).
std::string text_position(const std::string& name, std::string_view text, size_t offset);

/// "NAME:LINE:COLUMN: not valid JSON: REASON" for a syntax error at byte
/// `offset`, with " (is the file truncated?)" when it is the text's end.
std::string json_syntax_error(const std::string& name, std::string_view text, size_t offset,
                              const std::string& reason);

/// The line for a JsonError of JsonScanner reading `text`: a syntax error as
/// above, a limit as "NAME:LINE:COLUMN: REASON" ("number out of range: ...").
std::string json_error_message(const std::string& name, std::string_view text, const JsonError& error);

/// The same for a parse error of nlohmann's parser.
std::string json_syntax_error(const std::string& name, std::string_view text,
                              const nlohmann::json::parse_error& error);

}  // namespace corosim
