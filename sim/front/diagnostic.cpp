#include "sim/front/diagnostic.h"

#include <algorithm>
#include <vector>

namespace corosim {

namespace {

// A longer source line is shown as a window around the column, so that a
// 1 MB line of '(' gives a readable message instead of the line twice.
constexpr int kMaxShownLineChars = 120;
// Characters shown on each side of the column in a window.
constexpr int kWindowContextChars = 50;
constexpr const char* kElision = "...";
constexpr int kElisionChars = 3;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The caret line: one blank per character before `col`, keeping tabs so the
// caret lines up however the terminal expands them.
std::string caret_line(const std::string& source_line, int col) {
  std::string out;
  int chars = 0;
  for (std::size_t i = 0; i < source_line.size() && chars < col - 1; ++i) {
    if (is_continuation_byte(source_line[i])) continue;  // UTF-8: same character
    out += (source_line[i] == '\t') ? '\t' : ' ';
    ++chars;
  }
  for (; chars < col - 1; ++chars) out += ' ';  // column past the end of the line
  return out + '^';
}

// What to print for the source line, and the caret's column within it.
struct ShownLine {
  std::string text;
  int col;
};

// The whole line when it is short; otherwise about 2 * kWindowContextChars
// characters around `col`, with "..." where text was cut.
ShownLine shown_line(const std::string& source_line, int col) {
  std::vector<std::size_t> starts;  // byte offset of every character
  for (std::size_t i = 0; i < source_line.size(); ++i) {
    if (!is_continuation_byte(source_line[i])) starts.push_back(i);
  }
  int chars = static_cast<int>(starts.size());
  if (chars <= kMaxShownLineChars) return ShownLine{source_line, col};
  int width = 2 * kWindowContextChars;
  int at = std::min(std::max(col - 1, 0), chars);  // 0-based character index of the caret
  int first = std::max(0, std::min(at - kWindowContextChars, chars - width));
  int last = std::min(chars, first + width);  // one past the last shown character
  std::size_t begin = starts[static_cast<std::size_t>(first)];
  std::size_t end = last < chars ? starts[static_cast<std::size_t>(last)] : source_line.size();
  ShownLine shown{source_line.substr(begin, end - begin), col - first};
  if (first > 0) {
    shown.text = kElision + shown.text;
    shown.col += kElisionChars;
  }
  if (last < chars) shown.text += kElision;
  return shown;
}

}  // namespace

std::string Diagnostic::format() const {
  if (line == 0) return file + ": " + message;
  std::string out = file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + kind + ": " + message;
  ShownLine shown = shown_line(source_line, col);
  out += "\n" + shown.text + "\n" + caret_line(shown.text, shown.col);
  return out;
}

}  // namespace corosim
