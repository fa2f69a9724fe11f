#include "sim/trace/json_text.h"

#include <cmath>

#include "sim/runtime/float_repr.h"
#include "sim/util/utf8.h"

namespace corosim {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// json.encoder's ESCAPE_DCT: the characters with a two-character escape.
struct ShortEscape {
  char c;
  const char* text;
};
constexpr ShortEscape kShortEscapes[] = {
    {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"},
    {'\t', "\\t"}, {'\b', "\\b"},  {'\f', "\\f"},
};

void append_u_escape(std::string& out, uint32_t unit) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHexDigits[(unit >> shift) & 0xF];
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      const char* escape = nullptr;
      for (const ShortEscape& e : kShortEscapes) {
        if (e.c == static_cast<char>(c)) escape = e.text;
      }
      if (escape) out += escape;
      else if (c < 0x20 || c == 0x7F) append_u_escape(out, c);
      else out += static_cast<char>(c);
      continue;
    }
    // Lossy: a Python str may hold a lone surrogate, which decodes as itself;
    // bytes that are not UTF-8 become U+FFFD.
    uint32_t cp = decode_utf8_lossy(text, i);
    if (cp >= 0x10000) {  // a surrogate pair, as json.dumps writes it
      cp -= 0x10000;
      append_u_escape(out, 0xD800 | (cp >> 10));
      append_u_escape(out, 0xDC00 | (cp & 0x3FF));
    } else {
      append_u_escape(out, cp);
    }
  }
  out += '"';
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  out += float_repr(value);
}

void append_json_int(std::string& out, int64_t value) { out += std::to_string(value); }

}  // namespace corosim
