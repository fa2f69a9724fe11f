#include "sim/trace/gunzip.h"

#include <zlib.h>

#include <algorithm>

namespace corosim {
namespace {

// zlib counts input in uInt: larger data goes in this many bytes at a time.
constexpr size_t kMaxInputChunk = size_t(1) << 30;
// 16 + the largest window: gzip format only (no zlib or raw deflate).
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

// Owns one inflate stream.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&stream_, kGzipWindowBits) == Z_OK; }
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ok() const { return ok_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

// "2 GiB", "1 MiB", "1000 bytes".
std::string size_text(size_t bytes) {
  if (bytes % (size_t(1) << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes % (size_t(1) << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

bool is_gzip(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

GunzipResult gunzip(std::string_view data, size_t max_size) {
  GunzipResult result;
  Inflater inflater;
  if (!inflater.ok()) {
    result.error = "cannot start zlib to decompress the gzip data";
    return result;
  }
  z_stream& z = inflater.stream();
  size_t fed = 0;  // bytes of `data` handed to zlib so far
  auto feed = [&] {
    size_t n = std::min(data.size() - fed, kMaxInputChunk);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
    z.avail_in = static_cast<uInt>(n);
    fed += n;
  };
  feed();
  char buffer[1 << 16];
  for (;;) {
    if (z.avail_in == 0 && fed < data.size()) feed();
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    int status = inflate(&z, Z_NO_FLUSH);
    size_t produced = sizeof buffer - z.avail_out;
    if (produced > max_size - result.text.size()) {
      result.error = "decompresses to more than " + size_text(max_size) +
                     ", more than corosim reads from gzip data (not a trace it could show)";
      break;
    }
    result.text.append(buffer, produced);
    if (status == Z_STREAM_END) {
      size_t rest = z.avail_in + (data.size() - fed);
      if (rest == 0) return result;
      if (!is_gzip(data.substr(data.size() - rest))) {
        result.error = "not valid gzip data: " + std::to_string(rest) + " bytes that are not gzip after its end";
        break;
      }
      inflateReset(&z);  // the next member
      continue;
    }
    if (status == Z_OK) continue;
    if (status == Z_BUF_ERROR && z.avail_in == 0 && fed == data.size()) {
      result.error = "the gzip data ends early (is the file truncated?)";
    } else {
      result.error = std::string("not valid gzip data: ") + (z.msg ? z.msg : "zlib error " + std::to_string(status));
    }
    break;
  }
  result.text.clear();
  return result;
}

}  // namespace corosim
