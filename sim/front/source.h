// SourceFile: the bytes of one program, and the map from byte offsets to positions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/front/diagnostic.h"

namespace corosim {

/// Larger files are refused: scenario files are small, and the AST and
/// bytecode of a file are many times its size.
inline constexpr std::size_t kMaxSourceBytes = 4u << 20;

/// A 1-based line and a 1-based column counted in characters (code points).
struct SourcePosition {
  int line = 1;
  int col = 1;
};

struct LoadResult;

/// The text of one program. Owns its bytes; tokens and diagnostics refer to
/// it by byte offset. Invariant: line_starts_ holds the offset of every line's
/// first byte, in increasing order (a line ends at "\n", "\r\n" or a lone "\r");
/// line 1 starts after the byte order mark, if any.
class SourceFile {
 public:
  /// Reads `path` from disk; on failure the result holds a file-level Diagnostic
  /// ("cannot open file: No such file or directory", "file too large ...").
  static LoadResult load(const std::string& path);
  /// A source held in memory (tests, `-c`-style uses). `path` is only a label.
  static SourceFile from_string(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& bytes() const { return bytes_; }
  /// Offset of the program's first character: 3 after a UTF-8 byte order mark
  /// (which CPython skips: it is not part of line 1 or its columns), else 0.
  std::size_t text_begin() const { return line_starts_.front(); }

  /// A file-level Diagnostic "not valid UTF-8 at byte N" (N: 0-based offset of
  /// the first bad byte), or nothing when the bytes are valid UTF-8.
  std::optional<Diagnostic> check_utf8() const;

  /// Position of the byte at `offset` (offset == size() is the end of the file).
  SourcePosition position(std::size_t offset) const;
  /// Number of lines (a final line without a line break counts; an empty file has 1).
  int line_count() const { return static_cast<int>(line_starts_.size()); }
  /// The text of 1-based line `n` without its line break; "" when out of range.
  std::string line_text(int n) const;

  /// A Diagnostic at a position of this file, with its source line filled in.
  Diagnostic error_at(SourcePosition pos, std::string kind, std::string message) const;
  /// A file-level Diagnostic of this file.
  Diagnostic file_error(std::string message) const;

 private:
  SourceFile(std::string path, std::string bytes);

  std::string path_;
  std::string bytes_;
  std::vector<std::size_t> line_starts_;
};

/// Either a loaded file or the reason it could not be loaded.
struct LoadResult {
  std::optional<SourceFile> file;
  std::optional<Diagnostic> error;
};

}  // namespace corosim
