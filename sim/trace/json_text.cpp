#include "sim/trace/json_text.h"

#include <cmath>

#include "sim/runtime/float_repr.h"

namespace corosim {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr uint32_t kReplacementChar = 0xFFFD;

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

// Decodes one code point at text[i], advancing i. Accepts surrogates encoded
// like any other 3-byte sequence (WTF-8), since a Python str may hold them;
// anything else that is not UTF-8 decodes to U+FFFD, one byte at a time.
uint32_t decode_code_point(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  int length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) {
    ++i;
    return kReplacementChar;
  }
  uint32_t cp = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    unsigned char cont = byte(i + k);
    if ((cont & 0xC0) != 0x80) {
      ++i;
      return kReplacementChar;
    }
    cp = (cp << 6) | (cont & 0x3F);
  }
  bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF) {
    ++i;
    return kReplacementChar;
  }
  i += length;
  return cp;
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
    uint32_t cp = decode_code_point(text, i);
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
