#include "sim/util/utf8.h"

#include <doctest/doctest.h>

#include <vector>

namespace corosim {
namespace {

std::vector<uint32_t> lossy_code_points(std::string_view text) {
  std::vector<uint32_t> cps;
  for (size_t i = 0; i < text.size();) cps.push_back(decode_utf8_lossy(text, i));
  return cps;
}

TEST_CASE("lossy decoding reads valid UTF-8 of every length class like decode_utf8") {
  std::string text;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u, 0x10FFFFu}) append_utf8(text, cp);
  CHECK(lossy_code_points(text) == std::vector<uint32_t>{0x41, 0xE9, 0x20AC, 0x1F600, 0x10FFFF});
}

TEST_CASE("lossy decoding replaces each byte that does not begin a well-formed sequence") {
  // A stray continuation byte, bytes that never begin a sequence (C0, C1, F5-FF).
  CHECK(lossy_code_points("a\x80" "b\xc0\xaf\xff") ==
        std::vector<uint32_t>{'a', 0xFFFD, 'b', 0xFFFD, 0xFFFD, 0xFFFD});
  // A sequence cut short by the end or by another lead byte: only its lead is replaced.
  CHECK(lossy_code_points("\xe2\x82") == std::vector<uint32_t>{0xFFFD, 0xFFFD});
  CHECK(lossy_code_points("\xe2\x82\xc3\xa9") == std::vector<uint32_t>{0xFFFD, 0xFFFD, 0xE9});
  // Overlong forms and code points past U+10FFFF.
  CHECK(lossy_code_points("\xe0\x80\xaf") == std::vector<uint32_t>{0xFFFD, 0xFFFD, 0xFFFD});
  CHECK(lossy_code_points("\xf0\x80\x80\xaf") == std::vector<uint32_t>{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD});
  CHECK(lossy_code_points("\xf4\x90\x80\x80") == std::vector<uint32_t>{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD});
}

TEST_CASE("lossy decoding keeps a surrogate encoded in three bytes, as a str may hold one") {
  CHECK(lossy_code_points("\xed\xa0\x80") == std::vector<uint32_t>{0xD800});
}

}  // namespace
}  // namespace corosim
