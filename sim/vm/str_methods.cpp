// Mirrors Objects/unicodeobject.c and Objects/stringlib/ (3.11): the str
// methods, over UTF-8 text whose indices count code points.
#include "sim/vm/str_methods.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "sim/runtime/attribute.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/unicode_case.h"
#include "sim/vm/builtins.h"
#include "sim/vm/native_args.h"

namespace corosim {

using namespace lib;  // this file's argument helpers (native_args.h)

namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

const StrObject& self_str(const Value& self) { return *self.as<StrObject>(); }

std::vector<uint32_t> decode(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
  return out;
}

std::string encode(const std::vector<uint32_t>& cps, size_t begin = 0, size_t end = SIZE_MAX) {
  std::string out;
  end = std::min(end, cps.size());
  for (size_t i = begin; i < end; ++i) append_utf8(out, cps[i]);
  return out;
}

// Py_UNICODE_ISSPACE.
bool is_space_cp(uint32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_title_cp(uint32_t c) {  // Py_UNICODE_ISTITLE: category Lt
  return unicode_is_cased(c) && !unicode_is_lowercase(c) && !unicode_is_uppercase(c);
}
bool is_alnum_cp(uint32_t c) {
  return unicode_is_alpha(c) || unicode_is_decimal(c) || unicode_is_digit(c) || unicode_is_numeric(c);
}

size_t utf8_cp_count(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

Value str_value(std::string text) { return new_str(std::move(text)); }

// The str argument `v` of method `fname`, else TypeError "must be str, not int".
std::string_view str_arg(const Value& v) {
  if (!is_str(v)) type_error("must be str, not " + type_name(v));
  return str_text(v);
}

// Mirrors ADJUST_INDICES with start/end from None or ints (code points).
void adjust_indices(Args args, size_t first, int64_t len, int64_t& start, int64_t& end) {
  start = 0;
  end = len;
  if (args.size() > first && !args[first].is_none()) start = slice_index_arg(args[first], true);
  if (args.size() > first + 1 && !args[first + 1].is_none())
    end = slice_index_arg(args[first + 1], true);
  if (end > len) end = len;
  else if (end < 0) end = std::max<int64_t>(end + len, 0);
  if (start < 0) start = std::max<int64_t>(start + len, 0);
}

// The code-point index of byte offset `byte` in s.
int64_t cp_index(const StrObject& s, size_t byte) {
  if (s.is_ascii()) return static_cast<int64_t>(byte);
  int64_t n = 0;
  std::string_view t = s.view();
  for (size_t i = 0; i < byte; ++i)
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++n;
  return n;
}

// find/rfind/index/rindex/count share the argument handling.
struct SearchRange {
  std::string_view sub;
  std::string_view window;  // s[start:end] as bytes
  size_t window_offset;     // byte offset of the window in s
  int64_t start, end;       // code points
};

SearchRange search_range(const Value& self, Args args, const char* fname) {
  const StrObject& s = self_str(self);
  expect_args_parsetuple(fname, args, 1, 3);
  SearchRange r;
  r.sub = str_arg(args[0]);
  adjust_indices(args, 1, s.length(), r.start, r.end);
  if (r.start <= r.end) {
    size_t b = s.byte_offset(r.start), e = s.byte_offset(r.end);
    r.window = s.view().substr(b, e - b);
    r.window_offset = b;
  } else {
    r.window_offset = 0;
  }
  return r;
}

// -1 when absent; code-point index otherwise.
int64_t find_impl(const Value& self, Args args, const char* fname, bool reverse) {
  SearchRange r = search_range(self, args, fname);
  if (r.start > r.end || r.start > self_str(self).length()) return -1;
  size_t pos = reverse ? r.window.rfind(r.sub) : r.window.find(r.sub);
  if (pos == std::string_view::npos) return -1;
  return cp_index(self_str(self), r.window_offset + pos);
}

Value str_find(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.find", kwargs);
  return Value::from_int(find_impl(self, args, "find", false));
}

Value str_rfind(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.rfind", kwargs);
  return Value::from_int(find_impl(self, args, "rfind", true));
}

Value str_index(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.index", kwargs);
  int64_t i = find_impl(self, args, "index", false);
  if (i < 0) value_error("substring not found");
  return Value::from_int(i);
}

Value str_rindex(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.rindex", kwargs);
  int64_t i = find_impl(self, args, "rindex", true);
  if (i < 0) value_error("substring not found");
  return Value::from_int(i);
}

Value str_count(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.count", kwargs);
  SearchRange r = search_range(self, args, "count");
  if (r.start > r.end || r.start > self_str(self).length()) return Value::from_int(0);
  if (r.sub.empty()) return Value::from_int(r.end - r.start + 1);
  int64_t n = 0;
  for (size_t pos = r.window.find(r.sub); pos != std::string_view::npos;
       pos = r.window.find(r.sub, pos + r.sub.size()))
    ++n;
  return Value::from_int(n);
}

Value str_join(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.join", kwargs);
  expect_one_arg("str.join", args);
  const Value& iterable = args[0];
  Value it;
  try {
    it = get_iter(iterable);
  } catch (const PyException& e) {
    if (!exception_matches(e.exc, Value(exception_types().type_error))) throw;
    type_error("can only join an iterable");
  }
  std::string_view sep = self_str(self).view();
  std::string out;
  Value item;
  for (size_t i = 0; iter_next(it, item); ++i) {
    if (!is_str(item)) {
      type_error("sequence item " + std::to_string(i) + ": expected str instance, " + type_name(item) +
                 " found");
    }
    if (i) out += sep;
    out += str_text(item);
  }
  return str_value(std::move(out));
}

// sep and maxsplit of split/rsplit (positional or keyword).
struct SplitArgs {
  bool whitespace = true;
  std::string_view sep;
  int64_t maxsplit = -1;
};

SplitArgs split_args(Args args, KwArgs kwargs, const char* fname) {
  expect_kwargs(fname, kwargs, {"sep", "maxsplit"});
  if (args.size() > 2) {
    type_error(std::string(fname) + "() takes at most 2 arguments (" + std::to_string(args.size()) +
               " given)");
  }
  Value sep = args.size() > 0 ? args[0] : find_kwarg(kwargs, "sep");
  Value maxsplit = args.size() > 1 ? args[1] : find_kwarg(kwargs, "maxsplit");
  SplitArgs out;
  if (!sep.is_null() && !sep.is_none()) {
    if (!is_str(sep)) type_error("must be str or None, not " + type_name(sep));
    out.whitespace = false;
    out.sep = str_text(sep);
    if (out.sep.empty()) value_error("empty separator");
  }
  if (!maxsplit.is_null()) out.maxsplit = index_arg(maxsplit);
  if (out.maxsplit < 0) out.maxsplit = INT64_MAX;
  return out;
}

Value list_of(std::vector<std::string> parts) {
  std::vector<Value> items;
  items.reserve(parts.size());
  for (std::string& p : parts) items.push_back(str_value(std::move(p)));
  return new_list(std::move(items));
}

// Mirrors stringlib split_whitespace / rsplit_whitespace.
std::vector<std::string> split_whitespace(std::string_view s, int64_t maxsplit, bool reverse) {
  std::vector<uint32_t> cps = decode(s);
  std::vector<std::string> parts;
  int64_t n = static_cast<int64_t>(cps.size());
  if (!reverse) {
    int64_t i = 0;
    while (maxsplit-- > 0) {
      while (i < n && is_space_cp(cps[i])) ++i;
      if (i == n) break;
      int64_t j = i;
      while (i < n && !is_space_cp(cps[i])) ++i;
      parts.push_back(encode(cps, j, i));
    }
    if (i < n) {
      while (i < n && is_space_cp(cps[i])) ++i;
      if (i != n) parts.push_back(encode(cps, i, n));
    }
  } else {
    int64_t i = n - 1;
    while (maxsplit-- > 0) {
      while (i >= 0 && is_space_cp(cps[i])) --i;
      if (i < 0) break;
      int64_t j = i;
      while (i >= 0 && !is_space_cp(cps[i])) --i;
      parts.push_back(encode(cps, i + 1, j + 1));
    }
    if (i >= 0) {
      while (i >= 0 && is_space_cp(cps[i])) --i;
      if (i >= 0) parts.push_back(encode(cps, 0, i + 1));
    }
    std::reverse(parts.begin(), parts.end());
  }
  return parts;
}

std::vector<std::string> split_sep(std::string_view s, std::string_view sep, int64_t maxsplit,
                                   bool reverse) {
  std::vector<std::string> parts;
  if (!reverse) {
    size_t start = 0;
    while (maxsplit-- > 0) {
      size_t pos = s.find(sep, start);
      if (pos == std::string_view::npos) break;
      parts.emplace_back(s.substr(start, pos - start));
      start = pos + sep.size();
    }
    parts.emplace_back(s.substr(start));
  } else {
    size_t end = s.size();
    while (maxsplit-- > 0 && end >= sep.size()) {
      size_t pos = s.rfind(sep, end - sep.size());
      if (pos == std::string_view::npos) break;
      parts.emplace_back(s.substr(pos + sep.size(), end - pos - sep.size()));
      end = pos;
    }
    parts.emplace_back(s.substr(0, end));
    std::reverse(parts.begin(), parts.end());
  }
  return parts;
}

Value str_split(const Value& self, Args args, KwArgs kwargs) {
  SplitArgs a = split_args(args, kwargs, "split");
  std::string_view s = self_str(self).view();
  return list_of(a.whitespace ? split_whitespace(s, a.maxsplit, false) : split_sep(s, a.sep, a.maxsplit, false));
}

Value str_rsplit(const Value& self, Args args, KwArgs kwargs) {
  SplitArgs a = split_args(args, kwargs, "rsplit");
  std::string_view s = self_str(self).view();
  return list_of(a.whitespace ? split_whitespace(s, a.maxsplit, true) : split_sep(s, a.sep, a.maxsplit, true));
}

// Line boundaries of str.splitlines.
bool is_linebreak(uint32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E ||
         c == 0x85 || c == 0x2028 || c == 0x2029;
}

Value str_splitlines(const Value& self, Args args, KwArgs kwargs) {
  expect_kwargs("splitlines", kwargs, {"keepends"});
  expect_args("splitlines", args, 0, 1);
  Value keep = args.empty() ? find_kwarg(kwargs, "keepends") : args[0];
  bool keepends = !keep.is_null() && index_arg(keep) != 0;
  std::vector<uint32_t> cps = decode(self_str(self).view());
  std::vector<std::string> lines;
  size_t i = 0, n = cps.size();
  while (i < n) {
    size_t j = i;
    while (i < n && !is_linebreak(cps[i])) ++i;
    size_t eol = i;
    if (i < n) {
      if (cps[i] == '\r' && i + 1 < n && cps[i + 1] == '\n') i += 2;
      else ++i;
      if (keepends) eol = i;
    }
    lines.push_back(encode(cps, j, eol));
  }
  return list_of(std::move(lines));
}

enum class StripSide { kLeft, kRight, kBoth };

Value strip_impl(const Value& self, Args args, KwArgs kwargs, const char* fname, StripSide side) {
  expect_no_kwargs(std::string("str.") + fname, kwargs);
  expect_args(fname, args, 0, 1);
  std::vector<uint32_t> chars;
  bool whitespace = args.empty() || args[0].is_none();
  if (!whitespace) {
    if (!is_str(args[0])) type_error(std::string(fname) + " arg must be None or str");
    chars = decode(str_text(args[0]));
  }
  auto strip_it = [&](uint32_t c) {
    return whitespace ? is_space_cp(c) : std::find(chars.begin(), chars.end(), c) != chars.end();
  };
  std::vector<uint32_t> cps = decode(self_str(self).view());
  size_t b = 0, e = cps.size();
  if (side != StripSide::kRight)
    while (b < e && strip_it(cps[b])) ++b;
  if (side != StripSide::kLeft)
    while (e > b && strip_it(cps[e - 1])) --e;
  if (b == 0 && e == cps.size()) return self;
  return str_value(encode(cps, b, e));
}

Value str_strip(const Value& self, Args args, KwArgs kwargs) {
  return strip_impl(self, args, kwargs, "strip", StripSide::kBoth);
}
Value str_lstrip(const Value& self, Args args, KwArgs kwargs) {
  return strip_impl(self, args, kwargs, "lstrip", StripSide::kLeft);
}
Value str_rstrip(const Value& self, Args args, KwArgs kwargs) {
  return strip_impl(self, args, kwargs, "rstrip", StripSide::kRight);
}

Value str_upper(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.upper", kwargs);
  expect_no_args("str.upper", args);
  return str_value(unicode_upper(self_str(self).view()));
}

Value str_lower(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.lower", kwargs);
  expect_no_args("str.lower", args);
  return str_value(unicode_lower(self_str(self).view()));
}

Value str_swapcase(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.swapcase", kwargs);
  expect_no_args("str.swapcase", args);
  return str_value(unicode_swapcase(self_str(self).view()));
}

Value str_title(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.title", kwargs);
  expect_no_args("str.title", args);
  return str_value(unicode_title(self_str(self).view()));
}

Value str_capitalize(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.capitalize", kwargs);
  expect_no_args("str.capitalize", args);
  return str_value(unicode_capitalize(self_str(self).view()));
}

// isdigit(), isalpha(), ...: true if non-empty and every character passes.
Value all_chars(const Value& self, Args args, KwArgs kwargs, const char* fname, bool (*pred)(uint32_t)) {
  expect_no_kwargs(fname, kwargs);
  expect_no_args(fname, args);
  std::vector<uint32_t> cps = decode(self_str(self).view());
  return Value::from_bool(!cps.empty() && std::all_of(cps.begin(), cps.end(), pred));
}

Value str_isalnum(const Value& self, Args args, KwArgs kwargs) {
  return all_chars(self, args, kwargs, "str.isalnum", is_alnum_cp);
}
Value str_isalpha(const Value& self, Args args, KwArgs kwargs) {
  return all_chars(self, args, kwargs, "str.isalpha", unicode_is_alpha);
}
Value str_isdecimal(const Value& self, Args args, KwArgs kwargs) {
  return all_chars(self, args, kwargs, "str.isdecimal", unicode_is_decimal);
}
Value str_isdigit(const Value& self, Args args, KwArgs kwargs) {
  return all_chars(self, args, kwargs, "str.isdigit", unicode_is_digit);
}
Value str_isnumeric(const Value& self, Args args, KwArgs kwargs) {
  return all_chars(self, args, kwargs, "str.isnumeric", unicode_is_numeric);
}
Value str_isspace(const Value& self, Args args, KwArgs kwargs) {
  return all_chars(self, args, kwargs, "str.isspace", is_space_cp);
}

Value str_isupper(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.isupper", kwargs);
  expect_no_args("str.isupper", args);
  bool cased = false;
  for (uint32_t c : decode(self_str(self).view())) {
    if (unicode_is_lowercase(c) || is_title_cp(c)) return Value::from_bool(false);
    cased = cased || unicode_is_uppercase(c);
  }
  return Value::from_bool(cased);
}

Value str_islower(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.islower", kwargs);
  expect_no_args("str.islower", args);
  bool cased = false;
  for (uint32_t c : decode(self_str(self).view())) {
    if (unicode_is_uppercase(c) || is_title_cp(c)) return Value::from_bool(false);
    cased = cased || unicode_is_lowercase(c);
  }
  return Value::from_bool(cased);
}

Value str_replace(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.replace", kwargs);
  expect_args("replace", args, 2, 3);
  for (size_t i = 0; i < 2; ++i)
    if (!is_str(args[i]))
      type_error("replace() argument " + std::to_string(i + 1) + " must be str, not " + type_name(args[i]));
  std::string_view old_s = str_text(args[0]), new_s = str_text(args[1]);
  int64_t count = args.size() > 2 ? index_arg(args[2]) : -1;
  if (count < 0) count = INT64_MAX;
  std::string_view s = self_str(self).view();
  std::string out;
  if (old_s.empty()) {
    // Inserts `new` before every character and at the end, up to count times.
    std::vector<uint32_t> cps = decode(s);
    const int64_t inserts = std::min<int64_t>(count, int64_t(cps.size()) + 1);
    check_str_size(inserts * int64_t(new_s.size()) + int64_t(s.size()));
    size_t i = 0;
    for (; i <= cps.size() && count > 0; ++i, --count) {
      out += new_s;
      if (i < cps.size()) append_utf8(out, cps[i]);
    }
    out += encode(cps, i);
    return str_value(std::move(out));
  }
  size_t start = 0;
  while (count-- > 0) {
    size_t pos = s.find(old_s, start);
    if (pos == std::string_view::npos) break;
    out.append(s.substr(start, pos - start));
    out += new_s;
    check_str_size(int64_t(out.size()));
    start = pos + old_s.size();
  }
  out.append(s.substr(start));
  return str_value(std::move(out));
}

// Mirrors tailmatch.
bool tail_match(const StrObject& s, std::string_view sub, int64_t start, int64_t end, bool at_end) {
  int64_t sub_len = static_cast<int64_t>(utf8_cp_count(sub));
  if (end - sub_len < start) return false;
  if (sub_len == 0) return true;
  int64_t from = at_end ? end - sub_len : start;
  size_t b = s.byte_offset(from);
  return s.view().substr(b, sub.size()) == sub;
}

Value affix_impl(const Value& self, Args args, KwArgs kwargs, const char* fname, bool at_end) {
  expect_no_kwargs(std::string("str.") + fname, kwargs);
  expect_args_parsetuple(fname, args, 1, 3);
  const StrObject& s = self_str(self);
  int64_t start, end;
  adjust_indices(args, 1, s.length(), start, end);
  const Value& arg = args[0];
  if (arg.is(ObjKind::kTuple)) {
    for (const Value& item : arg.as<TupleObject>()->items) {
      if (!is_str(item)) {
        type_error(std::string("tuple for ") + fname + " must only contain str, not " + type_name(item));
      }
      if (tail_match(s, str_text(item), start, end, at_end)) return Value::from_bool(true);
    }
    return Value::from_bool(false);
  }
  if (!is_str(arg)) {
    type_error(std::string(fname) + " first arg must be str or a tuple of str, not " + type_name(arg));
  }
  return Value::from_bool(tail_match(s, str_text(arg), start, end, at_end));
}

Value str_startswith(const Value& self, Args args, KwArgs kwargs) {
  return affix_impl(self, args, kwargs, "startswith", false);
}
Value str_endswith(const Value& self, Args args, KwArgs kwargs) {
  return affix_impl(self, args, kwargs, "endswith", true);
}

// width and fill of center/ljust/rjust.
uint32_t fill_arg(Args args) {
  if (args.size() < 2) return ' ';
  if (!is_str(args[1])) {
    type_error("The fill character must be a unicode character, not " + type_name(args[1]));
  }
  std::vector<uint32_t> f = decode(str_text(args[1]));
  if (f.size() != 1) type_error("The fill character must be exactly one character long");
  return f[0];
}

std::string repeat_cp(uint32_t cp, int64_t n) {
  std::string out;
  for (int64_t i = 0; i < n; ++i) append_utf8(out, cp);
  return out;
}

// Checks the cap on code points first, so that the byte count cannot overflow.
void check_padded_size(int64_t fill_cps, uint32_t fill, size_t text_bytes) {
  check_str_size(fill_cps);
  const int64_t cp_bytes = fill < 0x80 ? 1 : fill < 0x800 ? 2 : fill < 0x10000 ? 3 : 4;
  check_str_size(fill_cps * cp_bytes + int64_t(text_bytes));
}

Value pad(const Value& self, int64_t left, int64_t right, uint32_t fill) {
  if (left <= 0 && right <= 0) return self;
  left = std::max<int64_t>(left, 0);
  right = std::max<int64_t>(right, 0);
  check_padded_size(left + right, fill, self_str(self).text().size());
  return str_value(repeat_cp(fill, left) + self_str(self).text() + repeat_cp(fill, right));
}

Value str_center(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.center", kwargs);
  expect_args("center", args, 1, 2);
  int64_t width = index_arg(args[0]);
  uint32_t fill = fill_arg(args);
  int64_t len = self_str(self).length();
  if (len >= width) return self;
  int64_t marg = width - len;
  int64_t left = marg / 2 + (marg & width & 1);
  return pad(self, left, marg - left, fill);
}

Value str_ljust(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.ljust", kwargs);
  expect_args("ljust", args, 1, 2);
  int64_t width = index_arg(args[0]);
  uint32_t fill = fill_arg(args);
  return pad(self, 0, width - self_str(self).length(), fill);
}

Value str_rjust(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.rjust", kwargs);
  expect_args("rjust", args, 1, 2);
  int64_t width = index_arg(args[0]);
  uint32_t fill = fill_arg(args);
  return pad(self, width - self_str(self).length(), 0, fill);
}

Value str_zfill(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("str.zfill", kwargs);
  expect_one_arg("str.zfill", args);
  int64_t width = index_arg(args[0]);
  const StrObject& s = self_str(self);
  int64_t fill = width - s.length();
  if (fill <= 0) return self;
  check_padded_size(fill, '0', s.text().size());
  std::string text = s.text();
  std::string zeros(static_cast<size_t>(fill), '0');
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) return str_value(text.substr(0, 1) + zeros + text.substr(1));
  return str_value(zeros + text);
}

Value partition_impl(const Value& self, Args args, KwArgs kwargs, const char* fname, bool reverse) {
  expect_no_kwargs(std::string("str.") + fname, kwargs);
  expect_one_arg(std::string("str.") + fname, args);
  std::string_view sep = str_arg(args[0]);
  if (sep.empty()) value_error("empty separator");
  std::string_view s = self_str(self).view();
  size_t pos = reverse ? s.rfind(sep) : s.find(sep);
  if (pos == std::string_view::npos) {
    if (reverse) return new_tuple({str_value(""), str_value(""), self});
    return new_tuple({self, str_value(""), str_value("")});
  }
  return new_tuple({str_value(std::string(s.substr(0, pos))), args[0],
                    str_value(std::string(s.substr(pos + sep.size())))});
}

Value str_partition(const Value& self, Args args, KwArgs kwargs) {
  return partition_impl(self, args, kwargs, "partition", false);
}
Value str_rpartition(const Value& self, Args args, KwArgs kwargs) {
  return partition_impl(self, args, kwargs, "rpartition", true);
}

Value str_format_method(const Value& self, Args args, KwArgs kwargs) {
  return str_value(str_format(self_str(self).view(), args, kwargs));
}

// ---------------------------------------------------------------------------
// str.format: Mirrors Objects/stringlib/unicode_format.h. The template is
// scanned as UTF-8 bytes: every character the parser looks for is ASCII.

// ascii(): repr with non-ASCII characters escaped.
std::string ascii_of(const Value& v) {
  std::string r = repr(v), out;
  for (size_t i = 0; i < r.size();) {
    uint32_t c = decode_utf8(r, i);
    char buf[16];
    if (c < 0x80) out += static_cast<char>(c);
    else {
      if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", c);
      else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", c);
      else std::snprintf(buf, sizeof buf, "\\U%08x", c);
      out += buf;
    }
  }
  return out;
}

class Formatter {
 public:
  Formatter(Args args, KwArgs kwargs) : args_(args), kwargs_(kwargs) {}

  // Mirrors build_string/do_markup.
  std::string build(std::string_view input, int recursion_depth) {
    if (recursion_depth <= 0) value_error("Max string recursion exceeded");
    std::string out;
    size_t pos = 0;
    while (pos < input.size()) {
      size_t start = pos;
      char c = 0;
      bool markup_follows = false;
      while (pos < input.size()) {
        c = input[pos++];
        if (c == '{' || c == '}') {
          markup_follows = true;
          break;
        }
      }
      if (!markup_follows) c = 0;
      bool at_end = pos >= input.size();
      size_t len = pos - start;
      if (c == '}' && (at_end || input[pos] != '}')) value_error("Single '}' encountered in format string");
      if (at_end && c == '{') value_error("Single '{' encountered in format string");
      if (!at_end && markup_follows) {
        if (input[pos] == c) {
          ++pos;  // an escaped brace: literal text including one brace
          markup_follows = false;
        } else {
          --len;
        }
      }
      out.append(input.substr(start, len));
      if (markup_follows) out += field(input, pos, recursion_depth);
    }
    return out;
  }

 private:
  // Mirrors parse_field + output_markup; pos is just past the '{'.
  std::string field(std::string_view input, size_t& pos, int recursion_depth) {
    size_t name_start = pos;
    char c = 0;
    while (pos < input.size()) {
      c = input[pos++];
      if (c == '{') value_error("unexpected '{' in field name");
      if (c == '[') {
        while (pos < input.size() && input[pos] != ']') ++pos;
        continue;
      }
      if (c == '}' || c == ':' || c == '!') break;
      c = 0;
    }
    std::string_view name = input.substr(name_start, pos - name_start - (c ? 1 : 0));
    uint32_t conversion = 0;
    std::string_view spec;
    bool spec_needs_expanding = false;
    if (c == '!' || c == ':') {
      if (c == '!') {
        if (pos >= input.size()) value_error("end of string while looking for conversion specifier");
        conversion = decode_utf8(input, pos);
        if (pos < input.size()) {
          char next = input[pos++];
          if (next == '}') return render(name, conversion, "", false, recursion_depth);
          if (next != ':') value_error("expected ':' after conversion specifier");
        }
      }
      size_t spec_start = pos;
      int count = 1;
      while (pos < input.size()) {
        char d = input[pos++];
        if (d == '{') {
          spec_needs_expanding = true;
          ++count;
        } else if (d == '}' && --count == 0) {
          spec = input.substr(spec_start, pos - 1 - spec_start);
          return render(name, conversion, spec, spec_needs_expanding, recursion_depth);
        }
      }
      value_error("unmatched '{' in format spec");
    }
    if (c != '}') value_error("expected '}' before end of string");
    return render(name, conversion, spec, false, recursion_depth);
  }

  std::string render(std::string_view name, uint32_t conversion, std::string_view spec, bool expand,
                     int recursion_depth) {
    Value obj = field_object(name);
    if (conversion) {
      switch (conversion) {
        case 'r': obj = new_str(repr(obj)); break;
        case 's': obj = new_str(str(obj)); break;
        case 'a': obj = new_str(ascii_of(obj)); break;
        default: {
          char buf[64];
          if (conversion > 32 && conversion < 127)
            std::snprintf(buf, sizeof buf, "Unknown conversion specifier %c", static_cast<char>(conversion));
          else
            std::snprintf(buf, sizeof buf, "Unknown conversion specifier \\x%x", conversion);
          value_error(buf);
        }
      }
    }
    if (expand) {
      std::string expanded = build(spec, recursion_depth - 1);
      return format_value(obj, expanded);
    }
    return format_value(obj, spec);
  }

  // Mirrors get_integer: -1 if not all decimal digits.
  static int64_t get_integer(std::string_view s) {
    if (s.empty()) return -1;
    int64_t acc = 0;
    for (char ch : s) {
      if (ch < '0' || ch > '9') return -1;
      if (acc > (INT64_MAX - (ch - '0')) / 10) value_error("Too many decimal digits in format string");
      acc = acc * 10 + (ch - '0');
    }
    return acc;
  }

  // Mirrors field_name_split + get_field_object.
  Value field_object(std::string_view name) {
    size_t i = 0;
    while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
    std::string_view first = name.substr(0, i);
    int64_t index = get_integer(first);
    bool empty = first.empty();
    if (empty || index != -1) {
      if (auto_state_ == AutoState::kInit) auto_state_ = empty ? AutoState::kAuto : AutoState::kManual;
      if (auto_state_ == AutoState::kManual && empty)
        value_error("cannot switch from manual field specification to automatic field numbering");
      if (auto_state_ == AutoState::kAuto && !empty)
        value_error("cannot switch from automatic field numbering to manual field specification");
      if (empty) index = auto_number_++;
    }
    Value obj;
    if (index == -1) {
      for (const KwArg& kw : kwargs_)
        if (kw.name == first) obj = kw.value;
      if (obj.is_null()) raise_exception(new_exception(exception_types().key_error, std::string(first)));
    } else {
      if (index >= static_cast<int64_t>(args_.size())) {
        raise_error(exception_types().index_error,
                    "Replacement index " + std::to_string(index) + " out of range for positional args tuple");
      }
      obj = args_[static_cast<size_t>(index)];
    }
    // The rest: .attr and [key] lookups (FieldNameIterator_next).
    while (i < name.size()) {
      char c = name[i++];
      size_t start = i;
      if (c == '.') {
        while (i < name.size() && name[i] != '.' && name[i] != '[') ++i;
        std::string_view attr = name.substr(start, i - start);
        if (attr.empty()) value_error("Empty attribute in format string");
        obj = get_attr(obj, attr);
      } else if (c == '[') {
        while (i < name.size() && name[i] != ']') ++i;
        if (i >= name.size()) value_error("Missing ']' in format string");
        std::string_view key = name.substr(start, i - start);
        ++i;
        if (key.empty()) value_error("Empty attribute in format string");
        int64_t k = get_integer(key);
        obj = get_item(obj, k == -1 ? new_str(std::string(key)) : Value::from_int(k));
      } else {
        value_error("Only '.' or '[' may follow ']' in format field specifier");
      }
    }
    return obj;
  }

  enum class AutoState { kInit, kAuto, kManual };
  Args args_;
  KwArgs kwargs_;
  AutoState auto_state_ = AutoState::kInit;
  int64_t auto_number_ = 0;
};

struct Method {
  std::string_view name;
  NativeFn fn;
};

constexpr Method kStrMethods[] = {
    {"capitalize", str_capitalize},
    {"center", str_center},
    {"count", str_count},
    {"endswith", str_endswith},
    {"find", str_find},
    {"format", str_format_method},
    {"index", str_index},
    {"isalnum", str_isalnum},
    {"isalpha", str_isalpha},
    {"isdecimal", str_isdecimal},
    {"isdigit", str_isdigit},
    {"islower", str_islower},
    {"isnumeric", str_isnumeric},
    {"isspace", str_isspace},
    {"isupper", str_isupper},
    {"join", str_join},
    {"ljust", str_ljust},
    {"lower", str_lower},
    {"lstrip", str_lstrip},
    {"partition", str_partition},
    {"replace", str_replace},
    {"rfind", str_rfind},
    {"rindex", str_rindex},
    {"rjust", str_rjust},
    {"rpartition", str_rpartition},
    {"rsplit", str_rsplit},
    {"rstrip", str_rstrip},
    {"split", str_split},
    {"splitlines", str_splitlines},
    {"startswith", str_startswith},
    {"strip", str_strip},
    {"swapcase", str_swapcase},
    {"title", str_title},
    {"upper", str_upper},
    {"zfill", str_zfill},
};

}  // namespace

std::string str_format(std::string_view format, std::span<const Value> args, std::span<const KwArg> kwargs) {
  // PEP 3101 allows two levels: "{0:{1}}" works, "{0:{1:{2}}}" does not.
  return Formatter(args, kwargs).build(format, 2);
}

void add_str_methods() {
  for (const Method& m : kStrMethods) add_method(builtin_types().str, m.name, m.fn);
}

}  // namespace corosim
