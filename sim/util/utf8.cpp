#include "sim/util/utf8.h"

namespace corosim {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

uint32_t decode_utf8(std::string_view text, size_t& i) {
  unsigned char c = static_cast<unsigned char>(text[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra && i < text.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  return cp;
}

uint32_t decode_utf8_lossy(std::string_view text, size_t& i) {
  constexpr uint32_t kReplacement = 0xFFFD;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int extra = lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 && lead <= 0xEF ? 2
                                                : lead >= 0xC2 && lead <= 0xDF ? 1 : 0;
  uint32_t cp = lead & (0x3F >> extra);
  bool ok = extra > 0;
  for (int k = 1; ok && k <= extra; ++k) {
    if (i + size_t(k) >= text.size() || (byte(i + size_t(k)) & 0xC0) != 0x80) ok = false;
    else cp = (cp << 6) | (byte(i + size_t(k)) & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
  if (!ok || cp < kMinForLength[extra] || cp > 0x10FFFF) {
    ++i;
    return kReplacement;
  }
  i += size_t(extra) + 1;
  return cp;
}

}  // namespace corosim
