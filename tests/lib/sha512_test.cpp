// SHA-512 against digests printed by python3's hashlib.
#include "sim/lib/sha512.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

namespace corosim {
namespace {

std::string hex(std::string_view data) {
  std::string text;
  char byte[3];
  for (uint8_t b : sha512(data)) {
    std::snprintf(byte, sizeof byte, "%02x", b);
    text += byte;
  }
  return text;
}

}  // namespace

TEST_CASE("sha512 matches hashlib for empty, short, multi-block and UTF-8 input") {
  // python3 -c "import hashlib; print(hashlib.sha512(DATA).hexdigest())"
  CHECK(hex("") ==
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  CHECK(hex("abc") ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CHECK(hex(std::string(200, 'a')) ==
        "4b11459c33f52a22ee8236782714c150a3b2c60994e9acee17fe68947a3e6789f31e7668394592da7bef827cddca88c4e6f86e4df7ed1ae6cba71f3e98faee9f");
  // Lengths either side of the padding boundary (112 mod 128) and a whole block.
  CHECK(hex(std::string(111, 'a')) ==
        "fa9121c7b32b9e01733d034cfc78cbf67f926c7ed83e82200ef86818196921760b4beff48404df811b953828274461673c68d04e297b0eb7b2b4d60fc6b566a2");
  CHECK(hex(std::string(112, 'a')) ==
        "c01d080efd492776a1c43bd23dd99d0a2e626d481e16782e75d54c2503b5dc32bd05f0f1ba33e568b88fd2d970929b719ecbb152f58f130a407c8830604b70ca");
  CHECK(hex(std::string(128, 'a')) ==
        "b73d1929aa615934e61a871596b3f3b33359f42b8175602e89f7e06e5f658a243667807ed300314b95cacdd579f3e33abdfbe351909519a846d465c59582f321");
  CHECK(hex("h\xc3\xa9llo") ==
        "a67e831011aa41ebb2a218c8ff727f1c60d62f06e1681678d176a81cd72ee69e7250c4c943cacbab28e42768615a5c41b6b0d42591d2c26a65670b38e97306dc");
}

}  // namespace corosim
