// Python's format-spec mini-language for the built-in types: what
// format(value, spec), f"{x:.2f}" and str.format apply to an int, float, str
// or bool. Mirrors Python/formatter_unicode.c (3.11), including its messages.
// Pure text in, text out: the caller turns a FormatError into the Python
// exception (builtins.h format_value() does this for any Value).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corosim {

/// A spec CPython rejects. kind names the Python exception class.
struct FormatError {
  enum class Kind { kValueError, kOverflowError };
  Kind kind;
  std::string message;  // e.g. "Unknown format code 'd' for object of type 'float'"
};

/// format(int, spec). type_name is the class named in messages ("int", "bool").
/// With an empty spec it is str(v). Throws FormatError.
std::string format_int(int64_t v, std::string_view spec, std::string_view type_name = "int");

/// format(float, spec); the empty spec is repr(v). Throws FormatError.
std::string format_float(double v, std::string_view spec);

/// format(str, spec); `s` is UTF-8 and width/precision count code points.
/// Throws FormatError.
std::string format_str(std::string_view s, std::string_view spec);

}  // namespace corosim
