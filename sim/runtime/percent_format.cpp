#include "sim/runtime/percent_format.h"

#include <cmath>
#include <cstdio>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/float_repr.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {
namespace {

struct Spec {
  bool left = false, plus = false, space = false, alt = false, zero = false;
  int64_t width = -1;
  int64_t precision = -1;
  char conv = 0;
};

TypeObject* type_error() { return exception_types().type_error; }

// The arguments as PyUnicode_Format walks them: a tuple is consumed item by
// item, anything else is a single argument; a mapping serves %(key)s.
class ArgCursor {
 public:
  explicit ArgCursor(const Value& args) : args_(args) {
    if (args.is(ObjKind::kTuple)) {
      items_ = &args.as<TupleObject>()->items;
    }
    // Objects with __getitem__ other than tuple and str count as mappings
    // (PyMapping_Check), so 'abc' % [] is not an error.
    mapping_ = args.is(ObjKind::kDict) || args.is(ObjKind::kList) || args.is(ObjKind::kRange);
  }
  Value next() {
    if (items_) {
      if (index_ < items_->size()) return (*items_)[index_++];
    } else if (index_ == 0) {
      ++index_;
      return args_;
    }
    raise_error(type_error(), "not enough arguments for format string");
  }
  // %(key)s: like CPython, the looked-up value replaces the argument, so a
  // following plain %s finds nothing left.
  Value lookup(const Value& key) {
    if (!mapping_) raise_error(type_error(), "format requires a mapping");
    used_mapping_ = true;
    if (!items_) index_ = 1;
    return get_item(args_, key);
  }
  bool all_used() const {
    if (mapping_ || used_mapping_) return true;
    return items_ ? index_ >= items_->size() : index_ == 1;
  }

 private:
  Value args_;
  const std::vector<Value>* items_ = nullptr;
  size_t index_ = 0;
  bool mapping_ = false;
  bool used_mapping_ = false;
};

int64_t code_points(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Pads `body` (already signed/prefixed) to the width. Zero padding goes
// after the sign and the 0x/0o prefix, as CPython does.
std::string pad(std::string sign, std::string body, const Spec& s, bool numeric) {
  int64_t len = code_points(sign) + code_points(body);
  if (s.width <= len) return sign + body;
  check_str_size(s.width);  // '%*d' % (10**12, 1): MemoryError, not a terabyte
  std::string fill(size_t(s.width - len), numeric && s.zero && !s.left ? '0' : ' ');
  if (s.left) return sign + body + fill;
  if (fill[0] == '0') {
    size_t prefix = 0;
    if (s.alt && body.size() >= 2 && body[0] == '0' && std::isalpha(body[1])) prefix = 2;
    return sign + body.substr(0, prefix) + fill + body.substr(prefix);
  }
  return fill + sign + body;
}

std::string sign_of(bool negative, const Spec& s) {
  if (negative) return "-";
  if (s.plus) return "+";
  if (s.space) return " ";
  return "";
}

int64_t int_argument(const Value& v, const Spec& s) {
  int64_t i;
  if (as_index(v, i)) return i;
  if (v.is_float() && (s.conv == 'd' || s.conv == 'i' || s.conv == 'u')) {
    double d = v.as_float();
    if (std::isinf(d))
      raise_error(exception_types().overflow_error, "cannot convert float infinity to integer");
    if (std::isnan(d))
      raise_error(exception_types().value_error, "cannot convert float NaN to integer");
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) raise_int_overflow();
    return static_cast<int64_t>(d);
  }
  if (s.conv == 'd' || s.conv == 'i' || s.conv == 'u')
    raise_error(type_error(), std::string("%") + s.conv +
                                  " format: a real number is required, not " + type_name(v));
  raise_error(type_error(),
              std::string("%") + s.conv + " format: an integer is required, not " + type_name(v));
}

std::string format_integer(const Value& v, const Spec& s) {
  int64_t i = int_argument(v, s);
  uint64_t mag = i < 0 ? 0 - uint64_t(i) : uint64_t(i);
  char buf[32];
  const char* fmt = s.conv == 'x'   ? "%llx"
                    : s.conv == 'X' ? "%llX"
                    : s.conv == 'o' ? "%llo"
                                    : "%llu";
  std::snprintf(buf, sizeof buf, fmt, static_cast<unsigned long long>(mag));
  std::string digits = buf;
  if (s.precision > int64_t(digits.size()))
    digits = std::string(size_t(s.precision) - digits.size(), '0') + digits;
  if (s.alt && s.conv == 'x') digits = "0x" + digits;
  if (s.alt && s.conv == 'X') digits = "0X" + digits;
  if (s.alt && s.conv == 'o') digits = "0o" + digits;
  return pad(sign_of(i < 0, s), digits, s, true);
}

std::string format_floating(const Value& v, const Spec& s) {
  double d;
  if (v.is_float()) {
    d = v.as_float();
  } else {
    int64_t i;
    if (!as_index(v, i)) raise_error(type_error(), "must be real number, not " + type_name(v));
    d = double(i);
  }
  unsigned flags = s.alt ? unsigned(kDtsfAlt) : 0u;
  std::string text =
      double_to_string(std::fabs(d), s.conv, s.precision < 0 ? 6 : int(s.precision), flags);
  return pad(sign_of(std::signbit(d) && !std::isnan(d), s), text, s, true);
}

std::string ascii_of(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = decode_utf8(text, i);
    char buf[16];
    if (cp < 0x80) {
      out += char(cp);
      continue;
    }
    if (cp <= 0xFF)
      std::snprintf(buf, sizeof buf, "\\x%02x", cp);
    else if (cp <= 0xFFFF)
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    else
      std::snprintf(buf, sizeof buf, "\\U%08x", cp);
    out += buf;
  }
  return out;
}

std::string format_char(const Value& v, const Spec& s) {
  if (v.is(ObjKind::kStr)) {
    if (v.as<StrObject>()->length() != 1) raise_error(type_error(), "%c requires int or char");
    return pad("", v.as<StrObject>()->text(), s, false);
  }
  int64_t i;
  if (!as_index(v, i)) raise_error(type_error(), "%c requires int or char");
  if (i < 0 || i > 0x10FFFF)
    raise_error(exception_types().overflow_error, "%c arg not in range(0x110000)");
  std::string ch;
  append_utf8(ch, uint32_t(i));
  return pad("", ch, s, false);
}

std::string truncate(std::string text, int64_t precision) {
  if (precision < 0 || code_points(text) <= precision) return text;
  size_t pos = 0;
  for (int64_t k = 0; k < precision; ++k) decode_utf8(text, pos);
  return text.substr(0, pos);
}

std::string convert(const Value& v, const Spec& s) {
  switch (s.conv) {
    case 's':
      return pad("", truncate(str(v), s.precision), s, false);
    case 'r':
      return pad("", truncate(repr(v), s.precision), s, false);
    case 'a':
      return pad("", truncate(ascii_of(repr(v)), s.precision), s, false);
    case 'c':
      return format_char(v, s);
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
      return format_integer(v, s);
    default:
      return format_floating(v, s);  // e E f F g G
  }
}

int64_t star_argument(ArgCursor& args) {
  Value v = args.next();
  int64_t i;
  if (!as_index(v, i)) raise_error(type_error(), "* wants int");
  return i;
}

}  // namespace

std::string percent_format(std::string_view fmt, const Value& args_value) {
  ArgCursor args(args_value);
  std::string out;
  size_t i = 0;
  while (i < fmt.size()) {
    size_t pct = fmt.find('%', i);
    if (pct == std::string_view::npos) {
      out.append(fmt.substr(i));
      break;
    }
    out.append(fmt.substr(i, pct - i));
    i = pct + 1;
    if (i >= fmt.size()) raise_error(exception_types().value_error, "incomplete format");
    Value keyed;
    if (fmt[i] == '(') {
      size_t depth = 1, start = ++i;
      while (i < fmt.size() && depth > 0) {
        if (fmt[i] == '(')
          ++depth;
        else if (fmt[i] == ')')
          --depth;
        ++i;
      }
      if (depth > 0) raise_error(exception_types().value_error, "incomplete format key");
      keyed = args.lookup(new_str(std::string(fmt.substr(start, i - 1 - start))));
    }
    Spec s;
    for (; i < fmt.size(); ++i) {
      char c = fmt[i];
      if (c == '-')
        s.left = true;
      else if (c == '+')
        s.plus = true;
      else if (c == ' ')
        s.space = true;
      else if (c == '#')
        s.alt = true;
      else if (c == '0')
        s.zero = true;
      else
        break;
    }
    if (i < fmt.size() && fmt[i] == '*') {
      s.width = star_argument(args);
      if (s.width < 0) {
        s.left = true;
        s.width = -s.width;
      }
      ++i;
    } else {
      for (; i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])); ++i)
        s.width = (s.width < 0 ? 0 : s.width) * 10 + (fmt[i] - '0');
    }
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      s.precision = 0;
      if (i < fmt.size() && fmt[i] == '*') {
        s.precision = std::max<int64_t>(0, star_argument(args));
        ++i;
      } else {
        for (; i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])); ++i)
          s.precision = s.precision * 10 + (fmt[i] - '0');
      }
    }
    if (i < fmt.size() && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) ++i;  // ignored
    if (i >= fmt.size()) raise_error(exception_types().value_error, "incomplete format");
    s.conv = fmt[i];
    size_t conv_index = i++;
    if (s.conv == '%' && conv_index == pct + 1) {  // only a bare "%%" is a literal
      out += '%';
      continue;
    }
    Value arg = keyed.is_null() ? args.next() : keyed;  // fetched before the check, as CPython
    if (s.conv == '%' ||
        std::string_view("sradiuxXoeEfFgGc").find(s.conv) == std::string_view::npos) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu",
                    s.conv, unsigned(static_cast<unsigned char>(s.conv)), conv_index);
      raise_error(exception_types().value_error, buf);
    }
    out += convert(arg, s);
  }
  if (!args.all_used())
    raise_error(type_error(), "not all arguments converted during string formatting");
  return out;
}

}  // namespace corosim
