#include "sim/trace/json_scanner.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "sim/runtime/unicode_printable.h"
#include "sim/util/utf8.h"

namespace corosim {
namespace {

// A token that is not JSON: where (the text's size for its end) and
// nlohmann's words for it. Caught where the parser knows what it expected.
struct LexFailure {
  size_t at;
  std::string message;
};

// Bytes a string holds as they are: not '"', '\\', a control character or
// part of a multi-byte UTF-8 sequence (those are checked one by one).
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

constexpr size_t kShownNumberChars = 40;

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

int hex_digit(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string hex4(unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04X", value);
  return buffer;
}

// nlohmann's complaint about a raw control character in a string.
std::string control_character_message(unsigned char c) {
  static constexpr const char* kNames[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                             "BS",  "HT",  "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                             "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                             "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
  std::string code = hex4(c);
  std::string message = "invalid string: control character U+" + code + " (" + kNames[c] +
                        ") must be escaped to \\u" + code;
  static constexpr std::string_view kShortEscapes = "\bb\tt\nn\ff\rr";  // each character, then its letter
  size_t shorter = kShortEscapes.find(static_cast<char>(c));
  if (shorter != std::string_view::npos) message += std::string(" or \\") + kShortEscapes[shorter + 1];
  return message;
}

// Whether a number std::from_chars found out of a double's range is too
// large (rather than too close to zero, which reads as 0 like strtod reads
// it): the decimal exponent of its first significant digit is positive.
bool too_large(std::string_view number) {
  size_t i = number[0] == '-' ? 1 : 0;
  size_t int_start = i;
  while (i < number.size() && is_digit(number[i])) ++i;
  int64_t magnitude = static_cast<int64_t>(i - int_start) - 1;
  if (number[int_start] == '0') {  // 0.000ddd: JSON allows no other leading zero
    magnitude = -1;
    if (i < number.size() && number[i] == '.') {
      for (++i; i < number.size() && number[i] == '0'; ++i) --magnitude;
    }
  }
  while (i < number.size() && (is_digit(number[i]) || number[i] == '.')) ++i;
  int64_t exponent = 0;
  if (i < number.size()) {  // e or E
    bool negative = number[++i] == '-';
    if (number[i] == '-' || number[i] == '+') ++i;
    for (; i < number.size(); ++i) exponent = std::min<int64_t>(exponent * 10 + (number[i] - '0'), 1'000'000'000);
    if (negative) exponent = -exponent;
  }
  return magnitude + exponent > 0;
}

}  // namespace

std::string shown_json_text(std::string_view text) {
  std::string shown;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t code = decode_utf8_lossy(text, i);
    if (code == 0xFFFD && i == start + 1) {
      // A byte that is not UTF-8: written raw, a terminal would garble it.
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned char>(text[start]));
      shown += escape;
    } else if (!unicode_is_printable(code)) {
      shown += "<U+" + hex4(code) + ">";
    } else {
      shown.append(text, start, i - start);
    }
  }
  return shown;
}

// What lex() found: nlohmann's name for it and where it ends.
struct JsonScanner::Token {
  const char* name;
  size_t end;
};

JsonScanner::JsonScanner(std::string_view text)
    : text_(text), bytes_(reinterpret_cast<const unsigned char*>(text.data())) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

size_t JsonScanner::skip_whitespace(size_t i) const {
  while (i < text_.size() && (bytes_[i] == ' ' || bytes_[i] == '\n' || bytes_[i] == '\t' || bytes_[i] == '\r')) ++i;
  return i;
}

bool JsonScanner::at(char c) {
  pos_ = skip_whitespace(pos_);
  return pos_ < text_.size() && text_[pos_] == c;
}

void JsonScanner::enter() { ++pos_; }

bool JsonScanner::next_member(bool first) {
  size_t p = skip_whitespace(pos_);
  if (p < text_.size() && text_[p] == '}') {
    pos_ = p + 1;
    return false;
  }
  if (!first) {
    if (p >= text_.size() || text_[p] != ',') unexpected(p, Context::kObject);
    ++p;
  }
  pos_ = p;
  return true;
}

std::string_view JsonScanner::read_key() {
  key_.decoded_used = 0;
  std::string_view key;
  pos_ = scan_key(skip_whitespace(pos_), &key_, key);
  return key;
}

bool JsonScanner::next_element(bool first) {
  size_t p = skip_whitespace(pos_);
  if (p < text_.size() && text_[p] == ']') {
    pos_ = p + 1;
    return false;
  }
  if (!first) {
    if (p >= text_.size() || text_[p] != ',') unexpected(p, Context::kArray);
    ++p;
  }
  pos_ = p;
  return true;
}

void JsonScanner::read_value(JsonValue& value) { walk<true>(&value); }

void JsonScanner::skip_value() { walk<false>(nullptr); }

void JsonScanner::finish() {
  size_t p = skip_whitespace(pos_);
  if (p != text_.size()) unexpected(p, Context::kEnd);
}

// One value, its nesting kept on a stack of its own rather than the call
// stack. kKeep: into `value`'s nodes; otherwise only checked.
template <bool kKeep>
void JsonScanner::walk(JsonValue* value) {
  if constexpr (kKeep) {
    value->nodes.clear();
    value->decoded_used = 0;
  }
  open_.clear();
  open_nodes_.clear();
  const size_t n = text_.size();
  size_t p = pos_;
  std::string_view key;  // the name of the member whose value comes next
  JsonNode scratch;      // the scalar being checked (!kKeep)
  try {
    for (;;) {
      // A value starts at p.
      p = skip_whitespace(p);
      size_t start = p;
      uint32_t index = 0;
      JsonNode* node = &scratch;
      if constexpr (kKeep) {
        index = static_cast<uint32_t>(value->nodes.size());
        node = &value->nodes.emplace_back();
        node->key = key;
      }
      key = {};
      unsigned char c = p < n ? bytes_[p] : 0;
      if (c == '{' || c == '[') {
        if (open_.size() >= kMaxJsonDepth) {
          throw JsonError{JsonError::Kind::kLimit, p,
                          "nested more than " + std::to_string(kMaxJsonDepth) + " levels deep"};
        }
        bool object = c == '{';
        open_.push_back(object);
        if constexpr (kKeep) {
          node->type = object ? JsonType::kObject : JsonType::kArray;
          node->raw = text_.substr(p, 0);
          open_nodes_.push_back(index);
        }
        p = skip_whitespace(p + 1);
        if (p >= n || bytes_[p] != (object ? '}' : ']')) {
          if (object) p = scan_key(p, value, key);
          continue;
        }
        // An empty one: closed below.
      } else {
        switch (c) {
          case '"':
            node->type = JsonType::kString;
            p = scan_string<kKeep>(p, value, node->string);
            break;
          case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
            p = scan_number(p, *node);
            break;
          case 't':
            node->type = JsonType::kTrue;
            p = scan_literal(p, "true");
            break;
          case 'f':
            node->type = JsonType::kFalse;
            p = scan_literal(p, "false");
            break;
          case 'n':
            node->type = JsonType::kNull;
            p = scan_literal(p, "null");
            break;
          default:
            unexpected(p, Context::kValue);
        }
        if constexpr (kKeep) {
          node->raw = text_.substr(start, p - start);
          node->next = index + 1;
        }
        if (open_.empty()) break;
        p = skip_whitespace(p);
      }
      // A value ended before p: close the containers it ends, then move to
      // the next member or element.
      bool more = false;
      while (!open_.empty()) {
        bool object = open_.back();
        c = p < n ? bytes_[p] : 0;
        if (c == (object ? '}' : ']')) {
          ++p;
          open_.pop_back();
          if constexpr (kKeep) {
            JsonNode& closed = value->nodes[open_nodes_.back()];
            open_nodes_.pop_back();
            size_t opened = static_cast<size_t>(closed.raw.data() - text_.data());
            closed.raw = text_.substr(opened, p - opened);
            closed.next = static_cast<uint32_t>(value->nodes.size());
          }
          if (!open_.empty()) p = skip_whitespace(p);
          continue;
        }
        if (c != ',') unexpected(p, object ? Context::kObject : Context::kArray);
        p = skip_whitespace(p + 1);
        if (object) p = scan_key(p, value, key);
        more = true;
        break;
      }
      if (!more) break;
    }
  } catch (const LexFailure& failure) {
    lex_failed(Context::kValue, failure.at, failure.message);
  }
  pos_ = p;
}

// A member's name and the ':' after it, from `start`; the value follows.
size_t JsonScanner::scan_key(size_t start, JsonValue* keys, std::string_view& key) {
  if (start >= text_.size() || text_[start] != '"') unexpected(start, Context::kKey);
  size_t p;
  try {
    p = keys ? scan_string<true>(start, keys, key) : scan_string<false>(start, nullptr, key);
  } catch (const LexFailure& failure) {
    lex_failed(Context::kKey, failure.at, failure.message);
  }
  p = skip_whitespace(p);
  if (p >= text_.size() || text_[p] != ':') unexpected(p, Context::kSeparator);
  return p + 1;
}

template <bool kKeep>
size_t JsonScanner::scan_string(size_t start, JsonValue* value, std::string_view& out) {
  last_token_start_ = start;
  const size_t n = text_.size();
  size_t i = start + 1;
  std::string* decoded = nullptr;  // once an escape is met (kKeep)
  size_t copied = i;               // bytes before this are in `decoded`
  for (;;) {
    while (i < n && kPlain[bytes_[i]]) ++i;
    if (i >= n) throw LexFailure{n, "invalid string: missing closing quote"};
    unsigned char c = bytes_[i];
    if (c == '"') {
      if (decoded) {
        decoded->append(text_.data() + copied, i - copied);
        out = *decoded;
      } else {
        out = text_.substr(start + 1, i - start - 1);
      }
      return i + 1;
    }
    if (c == '\\') {
      if constexpr (kKeep) {
        if (!decoded) {
          if (value->decoded_used == value->decoded.size()) value->decoded.emplace_back();
          decoded = &value->decoded[value->decoded_used++];
          decoded->clear();
        }
        decoded->append(text_.data() + copied, i - copied);
      }
      i = scan_escape(i, decoded);
      copied = i;
    } else if (c < 0x20) {
      throw LexFailure{i, control_character_message(c)};
    } else {
      i = scan_utf8(i);
    }
  }
}

// The escape at `backslash`, decoded onto `out` when there is one. A
// \uD800..\uDFFF escape that is not half of a pair reads as U+FFFD: JSON's
// grammar allows it and corosim writes one for a Python str holding a lone
// surrogate, but UTF-8 cannot hold it.
size_t JsonScanner::scan_escape(size_t backslash, std::string* out) const {
  const size_t n = text_.size();
  size_t i = backslash + 1;
  char plain = 0;
  switch (i < n ? text_[i] : 0) {
    case '"': plain = '"'; break;
    case '\\': plain = '\\'; break;
    case '/': plain = '/'; break;
    case 'b': plain = '\b'; break;
    case 'f': plain = '\f'; break;
    case 'n': plain = '\n'; break;
    case 'r': plain = '\r'; break;
    case 't': plain = '\t'; break;
    case 'u': break;
    default: throw LexFailure{std::min(i, n), "invalid string: forbidden character after backslash"};
  }
  if (plain) {
    if (out) *out += plain;
    return i + 1;
  }
  // The unit of the \uXXXX at `at` (a backslash), or -1.
  auto unit_at = [&](size_t at) {
    if (at + 6 > n || text_[at] != '\\' || text_[at + 1] != 'u') return -1;
    int unit = 0;
    for (size_t k = at + 2; k < at + 6; ++k) {
      int digit = hex_digit(bytes_[k]);
      if (digit < 0) return -1;
      unit = unit * 16 + digit;
    }
    return unit;
  };
  int unit = unit_at(backslash);
  if (unit < 0) {
    size_t k = i + 1;
    while (k < n && k < i + 5 && hex_digit(bytes_[k]) >= 0) ++k;
    throw LexFailure{k, "invalid string: '\\u' must be followed by 4 hex digits"};
  }
  size_t end = backslash + 6;
  uint32_t code = static_cast<uint32_t>(unit);
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    int low = unit_at(end);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      code = 0x10000 + ((code - 0xD800) << 10) + static_cast<uint32_t>(low - 0xDC00);
      end += 6;
    } else {
      code = 0xFFFD;
    }
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    code = 0xFFFD;
  }
  if (out) append_utf8(*out, code);
  return end;
}

// Checks the multi-byte UTF-8 sequence at `start` (RFC 3629, as nlohmann
// does: no overlong forms, surrogates or code points past U+10FFFF).
size_t JsonScanner::scan_utf8(size_t start) const {
  unsigned char lead = bytes_[start];
  // The range of the second byte; the others are 80..BF.
  unsigned char low = 0x80, high = 0xBF;
  size_t length;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    throw LexFailure{start, "invalid string: ill-formed UTF-8 byte"};
  }
  for (size_t k = 1; k < length; ++k) {
    size_t at = start + k;
    if (at >= text_.size()) throw LexFailure{text_.size(), "invalid string: ill-formed UTF-8 byte"};
    unsigned char byte = bytes_[at];
    if (byte < (k == 1 ? low : 0x80) || byte > (k == 1 ? high : 0xBF)) {
      throw LexFailure{at, "invalid string: ill-formed UTF-8 byte"};
    }
  }
  return start + length;
}

// The end of the number at `start` ('-' or a digit); `integer` when it has
// no fraction or exponent.
size_t JsonScanner::number_end(size_t start, bool& integer) const {
  const size_t n = text_.size();
  auto digit_at = [&](size_t i) { return i < n && is_digit(bytes_[i]); };
  size_t i = start;
  if (bytes_[i] == '-') ++i;
  if (!digit_at(i)) throw LexFailure{std::min(i, n), "invalid number; expected digit after '-'"};
  if (bytes_[i] == '0') {
    ++i;
  } else {
    while (digit_at(i)) ++i;
  }
  integer = true;
  if (i < n && bytes_[i] == '.') {
    integer = false;
    if (!digit_at(++i)) throw LexFailure{std::min(i, n), "invalid number; expected digit after '.'"};
    while (digit_at(i)) ++i;
  }
  if (i < n && (bytes_[i] == 'e' || bytes_[i] == 'E')) {
    integer = false;
    ++i;
    if (i < n && (bytes_[i] == '+' || bytes_[i] == '-')) {
      if (!digit_at(++i)) throw LexFailure{std::min(i, n), "invalid number; expected digit after exponent sign"};
    } else if (!digit_at(i)) {
      throw LexFailure{std::min(i, n), "invalid number; expected '+', '-', or digit after exponent"};
    }
    while (digit_at(i)) ++i;
  }
  return i;
}

size_t JsonScanner::scan_number(size_t start, JsonNode& node) {
  last_token_start_ = start;
  bool integer;
  size_t end = number_end(start, integer);
  const char* first = text_.data() + start;
  const char* last = text_.data() + end;
  node.type = JsonType::kNumber;
  if (integer && std::from_chars(first, last, node.int_value).ec == std::errc{}) {
    node.integer = true;
    constexpr int64_t kExact = int64_t(1) << 53;  // converts to the same double as the text does
    if (node.int_value > -kExact && node.int_value < kExact) {
      node.number = node.int_value == 0 && *first == '-' ? -0.0 : static_cast<double>(node.int_value);
      return end;
    }
  }
  if (std::from_chars(first, last, node.number).ec == std::errc::result_out_of_range) {
    std::string_view number = text_.substr(start, end - start);
    if (too_large(number)) {
      std::string shown(number.substr(0, kShownNumberChars));
      if (number.size() > kShownNumberChars) shown += "...";
      throw JsonError{JsonError::Kind::kLimit, start, "number out of range: " + shown + " is beyond a double"};
    }
    node.number = *first == '-' ? -0.0 : 0.0;
  }
  return end;
}

size_t JsonScanner::scan_literal(size_t start, std::string_view word) const {
  for (size_t k = 1; k < word.size(); ++k) {
    if (start + k >= text_.size() || text_[start + k] != word[k]) {
      throw LexFailure{std::min(start + k, text_.size()), "invalid literal"};
    }
  }
  return start + word.size();
}

// The token at `start`, as nlohmann's lexer reads it (for a message).
JsonScanner::Token JsonScanner::lex(size_t start) {
  if (start >= text_.size()) return {"end of input", start};
  std::string_view ignored;
  bool integer;
  switch (text_[start]) {
    case '{': return {"'{'", start + 1};
    case '}': return {"'}'", start + 1};
    case '[': return {"'['", start + 1};
    case ']': return {"']'", start + 1};
    case ':': return {"':'", start + 1};
    case ',': return {"','", start + 1};
    case '"': return {"string literal", scan_string<false>(start, nullptr, ignored)};
    case 't': return {"true literal", scan_literal(start, "true")};
    case 'f': return {"false literal", scan_literal(start, "false")};
    case 'n': return {"null literal", scan_literal(start, "null")};
    case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
      last_token_start_ = start;
      return {"number literal", number_end(start, integer)};
    default:
      throw LexFailure{start, "invalid literal"};
  }
}

namespace {

struct ContextWords {
  const char* what;              // "while parsing WHAT"
  const char* expected;          // after an unexpected token
  const char* expected_if_lex;   // after a token that is not JSON (null: none)
};

constexpr ContextWords kContextWords[] = {
    {"value", "'[', '{', or a literal", nullptr},
    {"object key", "string literal", "string literal"},
    {"object separator", "':'", "':'"},
    {"array", "']'", "']'"},
    {"object", "'}'", "'}'"},
    {"value", "end of input", "end of input"},
};

}  // namespace

void JsonScanner::unexpected(size_t start, Context context) {
  const ContextWords& words = kContextWords[static_cast<int>(context)];
  try {
    Token token = lex(start);
    size_t at = token.end > start ? token.end - 1 : text_.size();
    throw JsonError{JsonError::Kind::kSyntax, at,
                    std::string("syntax error while parsing ") + words.what + " - unexpected " + token.name +
                        "; expected " + words.expected};
  } catch (const LexFailure& failure) {
    lex_failed(context, failure.at, failure.message);
  }
}

void JsonScanner::lex_failed(Context context, size_t at, const std::string& message) const {
  const ContextWords& words = kContextWords[static_cast<int>(context)];
  size_t read_end = std::min(at + 1, text_.size());
  std::string reason = std::string("syntax error while parsing ") + words.what + " - " + message +
                       "; last read: '" +
                       shown_json_text(text_.substr(last_token_start_, read_end - last_token_start_)) + "'";
  if (words.expected_if_lex) reason += std::string("; expected ") + words.expected_if_lex;
  throw JsonError{JsonError::Kind::kSyntax, at, std::move(reason)};
}

template size_t JsonScanner::scan_string<true>(size_t, JsonValue*, std::string_view&);
template size_t JsonScanner::scan_string<false>(size_t, JsonValue*, std::string_view&);

}  // namespace corosim
