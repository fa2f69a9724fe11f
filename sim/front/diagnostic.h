// Diagnostic: one reason why a program cannot be used (unusable input, exit 2).
#pragma once

#include <string>

namespace corosim {

/// An error in the program text, found before anything runs: a syntax error,
/// an unsupported construct, an unreadable or non-UTF-8 file.
/// Invariant: line == 0 means a file-level error (no position, no source line);
/// otherwise line and col are 1-based and col counts characters, not bytes.
struct Diagnostic {
  std::string file;         ///< the path as the user gave it
  int line = 0;             ///< 1-based; 0 for file-level errors
  int col = 0;              ///< 1-based, in characters
  std::string kind;         ///< "SyntaxError", "IndentationError", "TabError", "unsupported"; empty for file-level
  std::string message;      ///< CPython's wording where CPython has one
  std::string source_line;  ///< the text of `line`, without its line break

  /// "FILE:LINE:COL: KIND: MESSAGE\nSOURCE LINE\n    ^" (no final newline),
  /// or "FILE: MESSAGE" for file-level errors. A source line longer than 120
  /// characters is shown as about 100 characters around the column, with
  /// "..." where it was cut.
  std::string format() const;
};

}  // namespace corosim
