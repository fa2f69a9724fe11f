// UTF-8 one code point at a time: source text and a str's text (valid UTF-8),
// and text from outside, such as a trace file, that may not be UTF-8 at all.
// In sim/util/ because every layer uses it, the lexer included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace corosim {

/// Appends code point cp to out as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

/// Decodes the code point at text[i], advancing i. The text is valid UTF-8.
uint32_t decode_utf8(std::string_view text, size_t& i);

/// Decodes the code point at text[i] of text that may not be UTF-8, advancing
/// i. A byte that does not begin a complete, shortest-form sequence of a code
/// point up to U+10FFFF gives U+FFFD and skips only itself, so decoding goes on
/// at the next byte. Surrogates encoded in three bytes decode as themselves.
uint32_t decode_utf8_lossy(std::string_view text, size_t& i);

}  // namespace corosim
