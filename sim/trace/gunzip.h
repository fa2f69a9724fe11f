// gunzip: the text inside gzip data, for `corosim view x.json.gz` (the page
// opens gzipped traces too, and big traces are worth compressing).
#pragma once

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

/// Decompresses gzip data of one or more members (as `cat a.gz b.gz` makes
/// and `gzip -d` reads). Data that ends inside a member, is corrupt or goes
/// on after the last member with something that is not gzip is refused.
GunzipResult gunzip(std::string_view data);

}  // namespace corosim
