// JSON text of single values, written exactly as Python's json.dumps writes
// them (default options), so corosim's traces are byte-identical to those of
// the reference tracer in tests/conformance/reftrace.py.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corosim {

/// Appends `text` as a JSON string literal, as json.dumps(text) does with
/// ensure_ascii=True: `"` and `\` escaped, \n \r \t \b \f short, other control
/// characters, DEL and every non-ASCII character as \uXXXX (lower-case hex,
/// surrogate pairs above U+FFFF). The output is pure ASCII whatever the input;
/// bytes that are not UTF-8 become \ufffd. Surrogates encoded in UTF-8 style
/// (how a Python str with a lone surrogate is held) come out as themselves.
void append_json_string(std::string& out, std::string_view text);

/// Appends a double in Python's shortest round-trip form ("4.0", "1e-05",
/// "1e+16"). JSON cannot hold inf or nan (json.dumps would write the invalid
/// tokens Infinity / NaN): they are written as null.
void append_json_number(std::string& out, double value);

/// Appends an integer ("-12").
void append_json_int(std::string& out, int64_t value);

}  // namespace corosim
