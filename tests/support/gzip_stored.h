// gzip_stored: text wrapped as gzip by hand (RFC 1952, with one stored
// deflate block, RFC 1951 3.2.4), so tests of the gzip reader do not check
// zlib's output with zlib itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corosim::testing {

/// The CRC-32 that gzip's trailer holds (bitwise, polynomial 0xEDB88320).
inline uint32_t gzip_crc32(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : data) {
    crc ^= static_cast<unsigned char>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/// One gzip member holding `text` (at most 65535 bytes) uncompressed.
inline std::string gzip_stored(std::string_view text) {
  auto append_le = [](std::string& out, uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
  };
  // Magic, deflate, no flags, no mtime, no extra flags, unknown OS.
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  auto length = static_cast<uint32_t>(text.size());
  out += '\x01';  // the final block, stored
  append_le(out, length, 2);
  append_le(out, ~length & 0xFFFF, 2);
  out += text;
  append_le(out, gzip_crc32(text), 4);
  append_le(out, length, 4);
  return out;
}

}  // namespace corosim::testing
