#include "sim/front/diagnostic.h"

namespace corosim {

namespace {

// The caret line: one blank per character before `col`, keeping tabs so the
// caret lines up however the terminal expands them.
std::string caret_line(const std::string& source_line, int col) {
  std::string out;
  int chars = 0;
  for (std::size_t i = 0; i < source_line.size() && chars < col - 1; ++i) {
    unsigned char c = static_cast<unsigned char>(source_line[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte: same character
    out += (c == '\t') ? '\t' : ' ';
    ++chars;
  }
  for (; chars < col - 1; ++chars) out += ' ';  // column past the end of the line
  return out + '^';
}

}  // namespace

std::string Diagnostic::format() const {
  if (line == 0) return file + ": " + message;
  std::string out = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + kind + ": " + message;
  out += "\n" + source_line + "\n" + caret_line(source_line, col);
  return out;
}

}  // namespace corosim
