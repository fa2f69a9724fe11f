// SHA-512 (FIPS 180-4), for random.seed(str): CPython's version-2 seeding
// turns a str into the int of its UTF-8 bytes followed by their SHA-512.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace corosim {

/// The 64-byte SHA-512 digest of `data`.
std::array<uint8_t, 64> sha512(std::string_view data);

}  // namespace corosim
