// str (ObjKind::kStr): immutable UTF-8 text indexed by code point, with its
// hash cached. Short names (attributes, identifiers) can be interned.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/runtime/object.h"
// Code that works on a str's text a code point at a time gets the UTF-8 helpers with it.
#include "sim/util/utf8.h"

namespace corosim {

class StrObject : public Object {
 public:
  explicit StrObject(std::string text);

  const std::string& text() const { return text_; }  ///< UTF-8 bytes
  std::string_view view() const { return text_; }
  bool is_ascii() const { return ascii_; }
  /// len(s): the number of code points.
  int64_t length() const { return length_; }
  /// Code point at index i (0 <= i < length()); O(1) for ASCII, O(i) otherwise.
  uint32_t code_point(int64_t i) const;
  /// Byte offset of code point i (0 <= i <= length()).
  size_t byte_offset(int64_t i) const;
  /// hash(s): stable across runs (CPython's str hash is randomized per
  /// process, so no program can depend on it). Never -1.
  int64_t hash() const;

 private:
  std::string text_;
  int64_t length_;
  bool ascii_;
  mutable bool hashed_ = false;
  mutable int64_t hash_ = 0;
};

/// The hash StrObject::hash() gives for this text.
int64_t str_hash(std::string_view text);

/// A new str Value.
Value new_str(std::string text);
/// The interned, immortal str for `text` (same pointer for equal text):
/// attribute and variable names, '' and one-character strings.
StrObject* intern(std::string_view text);

}  // namespace corosim
