#include "sim/runtime/format_spec.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/runtime/float_repr.h"
#include "sim/util/utf8.h"

namespace corosim {
namespace {

// Widths beyond this would make CPython raise MemoryError; corosim refuses
// them before allocating.
constexpr int64_t kMaxWidth = 100'000'000;

[[noreturn]] void value_error(std::string message) {
  throw FormatError{FormatError::Kind::kValueError, std::move(message)};
}

// The text comes from a validated source file or a str: valid UTF-8.
std::vector<uint32_t> code_points(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
  return out;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// Byte offset of code point index `n` in UTF-8 text.
size_t utf8_offset(std::string_view s, size_t n) {
  size_t i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == 0) return i;
      --n;
    }
  }
  return i;
}

std::string repeat(uint32_t cp, int64_t n) {
  std::string one;
  append_utf8(one, cp);
  std::string out;
  out.reserve(one.size() * static_cast<size_t>(n > 0 ? n : 0));
  for (int64_t i = 0; i < n; ++i) out += one;
  return out;
}

// "'d'" for a printable type code, "'\x1'" otherwise, as CPython writes it.
std::string code_text(uint32_t code) {
  char buf[32];
  if (code > 32 && code < 128) std::snprintf(buf, sizeof buf, "'%c'", static_cast<char>(code));
  else std::snprintf(buf, sizeof buf, "'\\x%x'", code);
  return buf;
}

[[noreturn]] void unknown_presentation_type(uint32_t code, std::string_view type_name) {
  value_error("Unknown format code " + code_text(code) + " for object of type '" +
              std::string(type_name) + "'");
}

enum class Grouping { kNone, kComma, kUnderscore, kUnderFour };

// Mirrors InternalFormatSpec.
struct Spec {
  uint32_t fill = ' ';
  uint32_t align = '>';
  bool alternate = false;
  bool no_neg_0 = false;
  uint32_t sign = 0;
  int64_t width = -1;
  Grouping grouping = Grouping::kNone;
  int64_t precision = -1;
  uint32_t type = 0;
};

// Mirrors get_integer: -1 digits consumed means none.
int get_integer(const std::vector<uint32_t>& s, size_t& pos, int64_t& result) {
  int64_t acc = 0;
  int n = 0;
  for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++n) {
    int64_t digit = s[pos] - '0';
    if (acc > (INT64_MAX - digit) / 10) value_error("Too many decimal digits in format string");
    acc = acc * 10 + digit;
  }
  result = acc;
  return n;
}

bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

// Mirrors parse_internal_render_format_spec (3.11).
Spec parse_spec(std::string_view text, uint32_t default_type, uint32_t default_align,
                std::string_view type_name) {
  std::vector<uint32_t> s = code_points(text);
  Spec f;
  f.align = default_align;
  f.type = default_type;
  size_t pos = 0, end = s.size();
  bool align_specified = false, fill_specified = false;
  if (end - pos >= 2 && is_align(s[pos + 1])) {
    f.align = s[pos + 1];
    f.fill = s[pos];
    fill_specified = align_specified = true;
    pos += 2;
  } else if (end - pos >= 1 && is_align(s[pos])) {
    f.align = s[pos];
    align_specified = true;
    ++pos;
  }
  if (pos < end && (s[pos] == ' ' || s[pos] == '+' || s[pos] == '-')) f.sign = s[pos++];
  if (pos < end && s[pos] == 'z') {
    f.no_neg_0 = true;
    ++pos;
  }
  if (pos < end && s[pos] == '#') {
    f.alternate = true;
    ++pos;
  }
  // The special case for 0-padding (backwards compatibility).
  if (!fill_specified && pos < end && s[pos] == '0') {
    f.fill = '0';
    if (!align_specified && default_align == '>') f.align = '=';
    ++pos;
  }
  if (get_integer(s, pos, f.width) == 0) f.width = -1;
  if (pos < end && s[pos] == ',') {
    f.grouping = Grouping::kComma;
    ++pos;
  }
  if (pos < end && s[pos] == '_') {
    if (f.grouping != Grouping::kNone) value_error("Cannot specify both ',' and '_'.");
    f.grouping = Grouping::kUnderscore;
    ++pos;
  }
  if (pos < end && s[pos] == ',' && f.grouping == Grouping::kUnderscore)
    value_error("Cannot specify both ',' and '_'.");
  if (pos < end && s[pos] == '.') {
    ++pos;
    if (get_integer(s, pos, f.precision) == 0) value_error("Format specifier missing precision");
  }
  if (end - pos > 1) {
    value_error("Invalid format specifier '" + std::string(text) + "' for object of type '" +
                std::string(type_name) + "'");
  }
  if (end - pos == 1) f.type = s[pos];
  if (f.grouping != Grouping::kNone) {
    switch (f.type) {
      case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
        break;  // allowed, PEP 378
      case 'b': case 'o': case 'x': case 'X':
        // Underscores every four digits in bin/oct/hex, PEP 515.
        if (f.grouping == Grouping::kUnderscore) {
          f.grouping = Grouping::kUnderFour;
          break;
        }
        [[fallthrough]];
      default:
        value_error(std::string("Cannot specify '") +
                    (f.grouping == Grouping::kComma ? ',' : '_') + "' with " + code_text(f.type) +
                    ".");
    }
  }
  if (f.width > kMaxWidth) value_error("format width too large (corosim's limit is 100000000)");
  return f;
}

// Mirrors _PyUnicode_InsertThousandsGrouping: digits grouped from the right,
// zero-padded on the left up to min_width (the '0' fill with '=' alignment).
std::string group_digits(std::string_view digits, int64_t min_width, Grouping grouping) {
  if (min_width < 0) min_width = 0;
  char sep = grouping == Grouping::kComma ? ',' : '_';
  int64_t group = grouping == Grouping::kNone ? 0 : grouping == Grouping::kUnderFour ? 4 : 3;
  std::string rev;  // built right to left
  int64_t remaining = static_cast<int64_t>(digits.size());
  size_t digits_pos = digits.size();
  bool use_separator = false;
  auto emit = [&](int64_t len) {
    int64_t n_zeros = std::max<int64_t>(0, len - remaining);
    int64_t n_chars = std::max<int64_t>(0, std::min(remaining, len));
    if (use_separator) rev += sep;
    for (int64_t i = 0; i < n_chars; ++i) rev += digits[--digits_pos];
    rev.append(static_cast<size_t>(n_zeros), '0');
    remaining -= n_chars;
  };
  bool loop_broken = false;
  while (group > 0) {
    int64_t len = std::min(group, std::max<int64_t>(std::max(remaining, min_width), 1));
    emit(len);
    use_separator = true;
    min_width -= len;
    if (remaining <= 0 && min_width <= 0) {
      loop_broken = true;
      break;
    }
    min_width -= 1;
  }
  if (!loop_broken) emit(std::max<int64_t>(std::max(remaining, min_width), 1));
  return std::string(rev.rbegin(), rev.rend());
}

// A number split as calc_number_widths sees it.
struct NumberParts {
  char sign_char = 0;       // '-' or 0
  std::string prefix;       // "0x" with '#'
  std::string digits;       // the integer digits, to be grouped
  bool has_decimal = false; // a '.' follows the digits
  std::string remainder;    // after the '.': fraction, exponent, '%'; or the 'c' character
};

// Mirrors calc_number_widths + fill_number.
std::string fill_number(const NumberParts& n, const Spec& f, bool upper) {
  char sign = 0;
  if (f.sign == '+') sign = n.sign_char == '-' ? '-' : '+';
  else if (f.sign == ' ') sign = n.sign_char == '-' ? '-' : ' ';
  else if (n.sign_char == '-') sign = '-';
  int64_t remainder_len = static_cast<int64_t>(utf8_length(n.remainder));
  int64_t n_non_digit = (sign ? 1 : 0) + static_cast<int64_t>(n.prefix.size()) +
                        (n.has_decimal ? 1 : 0) + remainder_len;
  int64_t min_width = (f.fill == '0' && f.align == '=') ? f.width - n_non_digit : 0;
  std::string grouped = n.digits.empty() ? "" : group_digits(n.digits, min_width, f.grouping);
  int64_t padding = f.width - (n_non_digit + static_cast<int64_t>(grouped.size()));
  int64_t lpad = 0, spad = 0, rpad = 0;
  if (padding > 0) {
    switch (f.align) {
      case '<': rpad = padding; break;
      case '^': lpad = padding / 2; rpad = padding - lpad; break;
      case '=': spad = padding; break;
      default: lpad = padding; break;
    }
  }
  std::string out = repeat(f.fill, lpad);
  if (sign) out += sign;
  std::string body = n.prefix;
  if (upper)
    for (char& c : body) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out += body;
  out += repeat(f.fill, spad);
  if (upper)
    for (char& c : grouped) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out += grouped;
  if (n.has_decimal) out += '.';
  out += n.remainder;
  out += repeat(f.fill, rpad);
  return out;
}

// Mirrors format_float_internal.
std::string format_float_spec(double val, const Spec& f) {
  if (f.precision > INT32_MAX) value_error("precision too big");
  if (f.precision > kMaxWidth) value_error("format precision too large (corosim's limit is 100000000)");
  int precision = static_cast<int>(f.precision);
  int default_precision = 6;
  unsigned flags = 0;
  if (f.alternate) flags |= kDtsfAlt;
  if (f.no_neg_0) flags |= kDtsfNoNegZero;
  char type = static_cast<char>(f.type);
  if (type == 0) {
    // No type: like repr without a precision, else like 'g' with at least
    // one digit after the point.
    flags |= kDtsfAddDot0;
    type = 'r';
    default_precision = 0;
  }
  if (type == 'n') type = 'g';  // no locale in corosim: 'n' is 'g'
  bool add_pct = false;
  if (type == '%') {
    type = 'f';
    val *= 100;
    add_pct = true;
  }
  if (precision < 0) precision = default_precision;
  else if (type == 'r') type = 'g';
  std::string buf = double_to_string(val, type, precision, flags);
  if (add_pct) buf += '%';

  NumberParts n;
  size_t i = 0;
  if (!buf.empty() && buf[0] == '-') {
    n.sign_char = '-';
    i = 1;
  }
  size_t digits_end = i;
  while (digits_end < buf.size() && buf[digits_end] >= '0' && buf[digits_end] <= '9') ++digits_end;
  n.digits = buf.substr(i, digits_end - i);
  n.has_decimal = digits_end < buf.size() && buf[digits_end] == '.';
  n.remainder = buf.substr(digits_end + (n.has_decimal ? 1 : 0));
  return fill_number(n, f, false);
}

// Mirrors format_long_internal.
std::string format_long_spec(int64_t v, const Spec& f) {
  if (f.precision != -1) value_error("Precision not allowed in integer format specifier");
  if (f.no_neg_0) value_error("Negative zero coercion (z) not allowed in integer format specifier");
  NumberParts n;
  if (f.type == 'c') {
    if (f.sign != 0) value_error("Sign not allowed with integer format specifier 'c'");
    if (f.alternate) value_error("Alternate form (#) not allowed with integer format specifier 'c'");
    if (v < 0 || v > 0x10FFFF)
      throw FormatError{FormatError::Kind::kOverflowError, "%c arg not in range(0x110000)"};
    append_utf8(n.remainder, static_cast<uint32_t>(v));
    return fill_number(n, f, false);
  }
  int base = 10;
  const char* prefix = "";
  switch (f.type) {
    case 'b': base = 2; prefix = "0b"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'x': case 'X': base = 16; prefix = "0x"; break;
    default: break;
  }
  if (f.alternate) n.prefix = prefix;
  // The magnitude as unsigned, so INT64_MIN has one too.
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  if (v < 0) n.sign_char = '-';
  do {
    n.digits += "0123456789abcdef"[mag % static_cast<uint64_t>(base)];
    mag /= static_cast<uint64_t>(base);
  } while (mag);
  n.digits = std::string(n.digits.rbegin(), n.digits.rend());
  return fill_number(n, f, f.type == 'X');
}

}  // namespace

std::string format_int(int64_t v, std::string_view spec, std::string_view type_name) {
  if (spec.empty()) {
    // str(v): bool's str is its name.
    if (type_name == "bool") return v ? "True" : "False";
    return std::to_string(v);
  }
  Spec f = parse_spec(spec, 'd', '>', type_name);
  switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      return format_long_spec(v, f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      return format_float_spec(static_cast<double>(v), f);
    default:
      unknown_presentation_type(f.type, type_name);
  }
}

std::string format_float(double v, std::string_view spec) {
  if (spec.empty()) return float_repr(v);
  Spec f = parse_spec(spec, 0, '>', "float");
  switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
      return format_float_spec(v, f);
    default:
      unknown_presentation_type(f.type, "float");
  }
}

// Mirrors format_string_internal.
std::string format_str(std::string_view s, std::string_view spec) {
  if (spec.empty()) return std::string(s);
  Spec f = parse_spec(spec, 's', '<', "str");
  if (f.type != 's') unknown_presentation_type(f.type, "str");
  if (f.sign == ' ') value_error("Space not allowed in string format specifier");
  if (f.sign != 0) value_error("Sign not allowed in string format specifier");
  if (f.no_neg_0) value_error("Negative zero coercion (z) not allowed in string format specifier");
  if (f.alternate) value_error("Alternate form (#) not allowed in string format specifier");
  if (f.align == '=') value_error("'=' alignment not allowed in string format specifier");
  int64_t len = static_cast<int64_t>(utf8_length(s));
  std::string_view body = s;
  if (f.precision >= 0 && len >= f.precision) {
    body = s.substr(0, utf8_offset(s, static_cast<size_t>(f.precision)));
    len = f.precision;
  }
  int64_t total = f.width > len ? f.width : len;
  int64_t lpad = f.align == '>' ? total - len : f.align == '^' ? (total - len) / 2 : 0;
  int64_t rpad = total - len - lpad;
  return repeat(f.fill, lpad) + std::string(body) + repeat(f.fill, rpad);
}

}  // namespace corosim
