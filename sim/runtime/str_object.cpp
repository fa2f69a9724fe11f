#include "sim/runtime/str_object.h"

#include <unordered_map>

#include "sim/runtime/builtin_types.h"

namespace corosim {
namespace {

int64_t count_code_points(std::string_view s, bool& ascii) {
  int64_t n = 0;
  ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80) ascii = false;
    if ((c & 0xC0) != 0x80) ++n;  // count lead bytes only
  }
  return n;
}

}  // namespace

StrObject::StrObject(std::string text)
    : Object(ObjKind::kStr, builtin_types().str), text_(std::move(text)) {
  length_ = count_code_points(text_, ascii_);
}

size_t StrObject::byte_offset(int64_t i) const {
  if (ascii_) return size_t(i);
  size_t pos = 0;
  for (int64_t k = 0; k < i; ++k) {
    ++pos;
    while (pos < text_.size() && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

uint32_t StrObject::code_point(int64_t i) const {
  if (ascii_) return static_cast<unsigned char>(text_[size_t(i)]);
  size_t pos = byte_offset(i);
  return decode_utf8(text_, pos);
}

int64_t StrObject::hash() const {
  if (!hashed_) {
    hash_ = str_hash(text_);
    hashed_ = true;
  }
  return hash_;
}

int64_t str_hash(std::string_view text) {
  // FNV-1a: stable across runs and machines (see the header).
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  int64_t r = int64_t(h);
  return r == -1 ? -2 : r;
}

Value new_str(std::string text) {
  if (text.size() <= 1) return Value(intern(text));
  return Value(new StrObject(std::move(text)));
}

StrObject* intern(std::string_view text) {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  static auto* table = new std::unordered_map<std::string, StrObject*, Hash, std::equal_to<>>();
  auto it = table->find(text);
  if (it != table->end()) return it->second;
  auto* s = new StrObject(std::string(text));
  s->make_immortal();
  table->emplace(std::string(text), s);
  return s;
}

}  // namespace corosim
