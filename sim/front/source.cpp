#include "sim/front/source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

namespace corosim {

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 if it is malformed
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return len;
}

// The UTF-8 encoding of U+FEFF, which editors on Windows put at the start of files.
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

// Offset of the first byte that is not part of a valid UTF-8 sequence, or npos.
std::size_t first_bad_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace

SourceFile::SourceFile(std::string path, std::string bytes) : path_(std::move(path)), bytes_(std::move(bytes)) {
  std::size_t begin = std::string_view(bytes_).starts_with(kUtf8ByteOrderMark) ? kUtf8ByteOrderMark.size() : 0;
  line_starts_.push_back(begin);
  for (std::size_t i = begin; i < bytes_.size(); ++i) {
    char c = bytes_[i];
    if (c == '\r' && i + 1 < bytes_.size() && bytes_[i + 1] == '\n') continue;  // "\r\n": break at the '\n'
    if (c == '\n' || c == '\r') line_starts_.push_back(i + 1);
  }
}

LoadResult SourceFile::load(const std::string& path) {
  LoadResult result;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    result.error = Diagnostic{path, 0, 0, "", std::string("cannot open file: ") + std::strerror(err ? err : ENOENT), ""};
    return result;
  }
  std::string bytes;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxSourceBytes) {
      result.error = Diagnostic{path, 0, 0, "", "file too large (corosim reads at most " +
                                                    std::to_string(kMaxSourceBytes) + " bytes)", ""};
      return result;
    }
  }
  if (in.bad()) {
    result.error = Diagnostic{path, 0, 0, "", std::string("cannot read file: ") + std::strerror(errno), ""};
    return result;
  }
  result.file = SourceFile(path, std::move(bytes));
  return result;
}

SourceFile SourceFile::from_string(std::string path, std::string text) {
  return SourceFile(std::move(path), std::move(text));
}

std::optional<Diagnostic> SourceFile::check_utf8() const {
  std::size_t bad = first_bad_utf8(bytes_);
  if (bad == std::string_view::npos) return std::nullopt;
  return file_error("not valid UTF-8 at byte " + std::to_string(bad));
}

SourcePosition SourceFile::position(std::size_t offset) const {
  offset = std::clamp(offset, text_begin(), bytes_.size());  // the byte order mark is not a column
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  int col = 1;
  for (std::size_t i = line_starts_[line_index]; i < offset; ++i) {
    if ((static_cast<unsigned char>(bytes_[i]) & 0xC0) != 0x80) ++col;  // count lead bytes only
  }
  return SourcePosition{static_cast<int>(line_index) + 1, col};
}

std::string SourceFile::line_text(int n) const {
  if (n < 1 || n > line_count()) return "";
  std::size_t begin = line_starts_[static_cast<std::size_t>(n - 1)];
  std::size_t end = begin;
  while (end < bytes_.size() && bytes_[end] != '\n' && bytes_[end] != '\r') ++end;
  return bytes_.substr(begin, end - begin);
}

Diagnostic SourceFile::error_at(SourcePosition pos, std::string kind, std::string message) const {
  return Diagnostic{path_, pos.line, pos.col, std::move(kind), std::move(message), line_text(pos.line)};
}

Diagnostic SourceFile::file_error(std::string message) const {
  return Diagnostic{path_, 0, 0, "", std::move(message), ""};
}

}  // namespace corosim
