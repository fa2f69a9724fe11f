#include "sim/trace/gunzip.h"

#include <doctest/doctest.h>

#include <zlib.h>

#include <algorithm>
#include <string>

#include "tests/support/gzip_stored.h"

namespace corosim {
namespace {

using namespace std::string_view_literals;
using testing::gzip_stored;

// `printf 'hello\n' | gzip -n` (compressed, unlike gzip_stored's blocks).
constexpr std::string_view kHello =
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\xe7\x02\x00\x20\x30\x3a\x36\x06\x00\x00\x00"sv;

// `zeros` zero bytes, gzipped by zlib at its best compression: about a
// thousandth of their size, as a gzip bomb is made.
std::string gzipped_zeros(size_t zeros) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string input(1 << 20, '\0');
  std::string out;
  char buffer[1 << 16];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    size_t n = std::min(zeros, input.size());
    zeros -= n;
    z.next_in = reinterpret_cast<Bytef*>(input.data());
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      status = deflate(&z, zeros == 0 ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0 || (zeros == 0 && status != Z_STREAM_END));
  }
  deflateEnd(&z);
  return out;
}

TEST_CASE("gzip data that decompresses to more than the limit is refused (a gzip bomb)") {
  std::string bomb = gzipped_zeros(size_t(64) << 20);
  CHECK(bomb.size() < 100'000);
  GunzipResult refused = gunzip(bomb, size_t(1) << 20);
  CHECK(refused.error ==
        "decompresses to more than 1 MiB, more than corosim reads from gzip data (not a trace it could show)");
  CHECK(refused.text.empty());
  GunzipResult at_limit = gunzip(gzipped_zeros(size_t(1) << 20), size_t(1) << 20);
  REQUIRE_MESSAGE(at_limit.ok(), at_limit.error);
  CHECK(at_limit.text == std::string(size_t(1) << 20, '\0'));
  // Every member counts against the one limit.
  std::string two = gzipped_zeros(600'000) + gzipped_zeros(600'000);
  CHECK_FALSE(gunzip(two, size_t(1) << 20).ok());
  CHECK(gunzip(two, 1'200'000).ok());
  CHECK(kMaxGunzipSize == size_t(2) << 30);
}

TEST_CASE("gzip data is told by its magic bytes") {
  CHECK(is_gzip(kHello));
  CHECK(is_gzip(gzip_stored("{}")));
  CHECK_FALSE(is_gzip("{\"format\": \"corosim-trace\"}"));
  CHECK_FALSE(is_gzip("\x1f"));
  CHECK_FALSE(is_gzip(""));
}

TEST_CASE("gunzip decompresses one member, stored or compressed, and members one after another") {
  GunzipResult hello = gunzip(kHello);
  REQUIRE_MESSAGE(hello.ok(), hello.error);
  CHECK(hello.text == "hello\n");
  CHECK(gunzip(gzip_stored("")).text == "");
  std::string text(70000, 'x');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = char('a' + i % 26);
  GunzipResult two = gunzip(gzip_stored(text.substr(0, 65535)) + gzip_stored(text.substr(65535)));
  REQUIRE_MESSAGE(two.ok(), two.error);
  CHECK(two.text == text);
  GunzipResult three = gunzip(std::string(kHello) + gzip_stored("world\n") + std::string(kHello));
  CHECK(three.text == "hello\nworld\nhello\n");
}

TEST_CASE("gzip data cut anywhere is refused as truncated, and nothing is returned") {
  for (size_t n = 1; n < kHello.size(); ++n) {
    CAPTURE(n);
    GunzipResult cut = gunzip(kHello.substr(0, n));
    CHECK(cut.error == "the gzip data ends early (is the file truncated?)");
    CHECK(cut.text == "");
  }
  std::string two = gzip_stored("a") + gzip_stored("b");
  CHECK(gunzip(two.substr(0, two.size() - 1)).error == "the gzip data ends early (is the file truncated?)");
}

TEST_CASE("corrupt gzip data and data after the last member are refused with what is wrong") {
  std::string bad_crc(kHello);
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  CHECK(gunzip(bad_crc).error == "not valid gzip data: incorrect data check");
  std::string bad_size(kHello);
  bad_size[bad_size.size() - 1] ^= 0x01;
  CHECK(gunzip(bad_size).error == "not valid gzip data: incorrect length check");
  std::string bad_method(kHello);
  bad_method[2] = 0x07;
  CHECK(gunzip(bad_method).error == "not valid gzip data: unknown compression method");
  GunzipResult trailing = gunzip(std::string(kHello) + "abc");
  CHECK(trailing.error == "not valid gzip data: 3 bytes that are not gzip after its end");
  CHECK(trailing.text == "");
}

}  // namespace
}  // namespace corosim
