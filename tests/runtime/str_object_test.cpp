#include "sim/runtime/str_object.h"

#include <doctest/doctest.h>

namespace corosim {
namespace {

TEST_CASE("a str counts and indexes code points, not bytes") {
  StrObject s("h\xc3\xa9llo \xf0\x9f\x98\x80");  // 'héllo 😀'
  CHECK(s.length() == 7);
  CHECK(!s.is_ascii());
  CHECK(s.code_point(1) == 0xE9);
  CHECK(s.code_point(6) == 0x1F600);
  CHECK(s.byte_offset(2) == 3);
  CHECK(s.byte_offset(7) == s.text().size());
}

TEST_CASE("interned strings are shared and immortal") {
  StrObject* a = intern("append");
  CHECK(a == intern(std::string("app") + "end"));
  CHECK(a->refcount() >= (1u << 30));
  CHECK(new_str("x").obj() == intern("x"));
}

TEST_CASE("equal texts hash equally and the hash is never -1") {
  CHECK(StrObject("abc").hash() == str_hash("abc"));
  CHECK(str_hash("") != -1);
}

TEST_CASE("UTF-8 encoding and decoding round-trip every length class") {
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) {
    std::string s;
    append_utf8(s, cp);
    size_t i = 0;
    CHECK(decode_utf8(s, i) == cp);
    CHECK(i == s.size());
  }
}

}  // namespace
}  // namespace corosim
