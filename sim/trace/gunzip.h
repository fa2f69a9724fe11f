// gunzip: the text inside gzip data, for `corosim view x.json.gz` (the page
// opens gzipped traces too, and big traces are worth compressing).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace corosim {

/// True when `data` starts with gzip's magic bytes 1f 8b.
bool is_gzip(std::string_view data);

/// The uncompressed text, or why there is none.
struct GunzipResult {
  std::string text;
  /// What is wrong with the data ("the gzip data ends early ..."); empty when
  /// it was read.
  std::string error;
  bool ok() const { return error.empty(); }
};

/// The most text gunzip() gives by default: 2 GiB, about 15 times a
/// 1,000,000-event trace. A few kilobytes of gzip can hold gigabytes of
/// zeros; a file that holds more than this is refused, not read into memory.
inline constexpr size_t kMaxGunzipSize = size_t(2) << 30;

/// Decompresses gzip data of one or more members (as `cat a.gz b.gz` makes
/// and `gzip -d` reads). Data that ends inside a member, is corrupt, goes on
/// after the last member with something that is not gzip, or decompresses to
/// more than `max_size` bytes is refused.
GunzipResult gunzip(std::string_view data, size_t max_size = kMaxGunzipSize);

}  // namespace corosim
