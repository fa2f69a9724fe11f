#include "sim/trace/json_input.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace corosim {
namespace {

// nlohmann's reason without its "[json.exception...] parse error at line L,
// column C: " prefix (the message gives the position itself), its quote of
// the text made safe to print.
std::string parse_error_reason(const nlohmann::json::parse_error& e) {
  std::string what = e.what();
  size_t column = what.find(", column ");
  size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return shown_json_text(colon == std::string::npos ? what : what.substr(colon + 2));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 unit of the \uXXXX escape at text[i] ('\\'), or -1.
int escaped_unit(std::string_view text, size_t i) {
  if (i + 6 > text.size() || text[i + 1] != 'u') return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    int digit = hex_digit(text[k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

}  // namespace

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = path + ": cannot open file: " + std::strerror(errno);
    return std::nullopt;
  }
  // Read straight into a string of the file's size: no second copy and no
  // growing by doubling, which would need twice a huge file's size; then
  // whatever a file that grew, or one with no size (a pipe), still holds.
  std::string text;
  struct stat info;
  if (::fstat(::fileno(file), &info) == 0 && info.st_size > 0) text.resize(static_cast<size_t>(info.st_size));
  text.resize(std::fread(text.data(), 1, text.size(), file));
  char chunk[1 << 16];
  size_t n;
  while (!std::ferror(file) && (n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
  int read_error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (read_error) {
    error = path + ": cannot read file: " + std::strerror(read_error);
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> without_lone_surrogates(std::string_view text) {
  std::optional<std::string> repaired;
  size_t i = text.find('\\');
  while (i != std::string_view::npos) {
    int unit = escaped_unit(text, i);
    if (unit < 0) {  // another escape: \\, \", \n, ...
      i = text.find('\\', i + 2);
      continue;
    }
    size_t next = i + 6;
    bool high = unit >= 0xD800 && unit <= 0xDBFF;
    bool low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (high) {
      int pair = next < text.size() && text[next] == '\\' ? escaped_unit(text, next) : -1;
      if (pair >= 0xDC00 && pair <= 0xDFFF) {
        next += 6;
        high = false;
      }
    }
    if (high || low) {
      if (!repaired) repaired.emplace(text);
      repaired->replace(i + 2, 4, "fffd");
    }
    i = text.find('\\', next);
  }
  return repaired;
}

std::string text_position(const std::string& name, std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = text.find('\n'); i < offset; i = text.find('\n', i + 1)) {
    ++line;
    line_start = i + 1;
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

std::string json_syntax_error(const std::string& name, std::string_view text, size_t offset,
                              const std::string& reason) {
  std::string truncated = offset >= text.size() ? " (is the file truncated?)" : "";
  return text_position(name, text, offset) + ": not valid JSON: " + reason + truncated;
}

std::string json_error_message(const std::string& name, std::string_view text, const JsonError& error) {
  if (error.kind == JsonError::Kind::kSyntax) return json_syntax_error(name, text, error.offset, error.reason);
  return text_position(name, text, error.offset) + ": " + error.reason;
}

std::string json_syntax_error(const std::string& name, std::string_view text,
                              const nlohmann::json::parse_error& error) {
  // error.byte counts the bytes read, the one at fault included.
  return json_syntax_error(name, text, error.byte == 0 ? 0 : error.byte - 1, parse_error_reason(error));
}

}  // namespace corosim
