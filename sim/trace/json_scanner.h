// JsonScanner: a fast reader of JSON text held in one buffer, for documents
// too big for a tree of values (a trace of a million events). The caller
// walks the outer levels itself (an object's members, an array's elements)
// and has each inner value parsed into a flat, reusable list of nodes; what it
// does not want is skipped, still checked. Syntax errors read like
// nlohmann's, so `corosim view` and `corosim validate` describe a bad file
// alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace corosim {

enum class JsonType : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

/// One value. The members of an object (elements of an array) follow it in
/// JsonValue::nodes: the first at its index + 1, each next one at the
/// previous one's `next`, up to its own `next`.
struct JsonNode {
  JsonType type = JsonType::kNull;
  bool integer = false;    // a number written without fraction or exponent that fits int64_t
  uint32_t next = 0;       // the index just past this value and everything inside it
  std::string_view raw;    // the value's text in the input (for messages)
  std::string_view key;    // a member's name
  std::string_view string; // kString: the text, escapes decoded
  double number = 0;       // kNumber
  int64_t int_value = 0;   // kNumber when `integer`
};

/// A parsed value, reused from one value to the next so that reading a
/// million of them allocates next to nothing. Valid until it is parsed into
/// again (strings may point into the input).
struct JsonValue {
  std::vector<JsonNode> nodes;
  std::deque<std::string> decoded;  // strings with escapes; a deque: views into it survive growth
  size_t decoded_used = 0;

  const JsonNode& root() const { return nodes.front(); }
};

/// Why the text cannot be read; `offset` is the byte it concerns (the text's
/// size for its end).
struct JsonError {
  enum class Kind {
    kSyntax,  // not JSON: `reason` is nlohmann's wording
    kLimit,   // JSON, but beyond what a reader takes (a number a double cannot hold, absurd nesting)
  };
  Kind kind;
  size_t offset;
  std::string reason;
};

/// JSON text as an error message quotes it: control and other non-printable
/// characters as <U+000A> (nlohmann's way), a byte that is not UTF-8 as
/// \xff, so a message about a hostile file cannot drive a terminal.
std::string shown_json_text(std::string_view text);

/// Nesting deeper than this (objects and arrays, counted from where a parse
/// or skip starts) is refused: no corosim trace comes close, and the limit
/// keeps a hostile file from costing unbounded memory.
inline constexpr size_t kMaxJsonDepth = 10000;

/// Reads JSON text left to right. Every method throws JsonError at the first
/// problem.
class JsonScanner {
 public:
  /// A UTF-8 byte order mark at the start is skipped.
  explicit JsonScanner(std::string_view text);

  /// Whether the next value starts with `c` ('{' or '['), after whitespace.
  bool at(char c);
  /// Consumes the '{' or '[' that at() found.
  void enter();
  /// Moves to the next member of the object entered: false (having consumed
  /// its '}') when there is none. `first` for the first call after enter().
  bool next_member(bool first);
  /// The member's name and its ':'; the view is valid until the next call.
  std::string_view read_key();
  /// Moves to the next element of the array entered, like next_member.
  bool next_element(bool first);

  /// Parses the next value into `value`.
  void read_value(JsonValue& value);
  /// Checks the next value and moves past it.
  void skip_value();
  /// Checks that nothing but whitespace follows.
  void finish();

 private:
  enum class Context { kValue, kKey, kSeparator, kArray, kObject, kEnd };
  struct Token;

  template <bool kKeep>
  void walk(JsonValue* value);
  template <bool kKeep>
  size_t scan_string(size_t start, JsonValue* value, std::string_view& out);
  size_t scan_escape(size_t backslash, std::string* out) const;
  size_t scan_utf8(size_t start) const;
  size_t scan_number(size_t start, JsonNode& node);
  size_t scan_literal(size_t start, std::string_view word) const;
  size_t skip_whitespace(size_t i) const;
  size_t scan_key(size_t start, JsonValue* keys, std::string_view& key);
  size_t number_end(size_t start, bool& integer) const;
  Token lex(size_t start);
  [[noreturn]] void unexpected(size_t start, Context context);
  [[noreturn]] void lex_failed(Context context, size_t at, const std::string& message) const;

  std::string_view text_;
  const unsigned char* bytes_;
  size_t pos_ = 0;
  size_t last_token_start_ = 0;  // where nlohmann's "last read" starts
  std::vector<uint8_t> open_;    // walk(): the containers open, 1 = object
  std::vector<uint32_t> open_nodes_;
  JsonValue key_;                // read_key(): the name's storage
};

}  // namespace corosim
