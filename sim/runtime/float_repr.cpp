#include "sim/runtime/float_repr.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace corosim {
namespace {

// Splits to_chars' scientific output "d.ddde[+-]XX" (no sign) into digits
// without trailing zeros and the dtoa decimal-point position.
DecimalDigits from_scientific(std::string_view s) {
  DecimalDigits out;
  size_t e = s.find('e');
  for (size_t i = 0; i < e; ++i) {
    if (s[i] != '.') out.digits += s[i];
  }
  int exp10 = 0;
  std::from_chars(s.data() + e + 1 + (s[e + 1] == '+'), s.data() + s.size(), exp10);
  out.decpt = exp10 + 1;
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  return out;
}

// Splits to_chars' fixed output "ddd.ddd" (no sign) into dtoa digits.
DecimalDigits from_fixed(std::string_view s) {
  DecimalDigits out;
  size_t point = s.find('.');
  size_t int_len = point == std::string_view::npos ? s.size() : point;
  out.decpt = static_cast<int>(int_len);
  for (char c : s) {
    if (c == '.') continue;
    if (c == '0' && out.digits.empty()) {
      --out.decpt;
      continue;
    }
    out.digits += c;
  }
  while (!out.digits.empty() && out.digits.back() == '0') out.digits.pop_back();
  return out;
}

std::string chars(double d, std::chars_format fmt, int precision) {
  // Fixed notation of DBL_MAX has 309 digits before the point.
  std::vector<char> buf(static_cast<size_t>(precision) + 400);
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), d, fmt, precision);
  return std::string(buf.data(), r.ptr);
}

// Mode 3 with ndigits < 0: round to a multiple of 10^-ndigits, ties to even,
// from the exact decimal expansion (every double has a finite one).
DecimalDigits round_left_of_point(double a, int ndigits) {
  DecimalDigits exact = from_fixed(chars(a, std::chars_format::fixed, 1100));
  // Keep the digits before position decpt + ndigits; they are a whole number
  // of units 10^-ndigits.
  int keep = exact.decpt + ndigits;
  DecimalDigits out;
  if (keep < 0) {
    out.decpt = -ndigits;
    return out;
  }
  std::string kept = exact.digits.substr(0, std::min<size_t>(keep, exact.digits.size()));
  kept.resize(static_cast<size_t>(keep), '0');
  bool round_up = false;
  if (static_cast<size_t>(keep) < exact.digits.size()) {
    char first = exact.digits[keep];
    bool rest_nonzero = exact.digits.find_first_not_of('0', keep + 1) != std::string::npos;
    bool odd = !kept.empty() && (kept.back() - '0') % 2 == 1;
    round_up = first > '5' || (first == '5' && (rest_nonzero || odd));
  }
  if (round_up) {
    int i = static_cast<int>(kept.size()) - 1;
    while (i >= 0 && kept[i] == '9') kept[i--] = '0';
    if (i >= 0) {
      ++kept[i];
    } else {
      kept.insert(kept.begin(), '1');
      ++keep;
    }
  }
  out = from_fixed(kept);
  if (out.digits.empty()) {
    out.decpt = -ndigits;
    return out;
  }
  out.decpt -= ndigits;  // kept counts units of 10^-ndigits
  return out;
}

}  // namespace

DecimalDigits dtoa(double d, int mode, int ndigits) {
  DecimalDigits out;
  out.negative = std::signbit(d);
  if (std::isnan(d)) {
    out.nan = true;
    return out;
  }
  if (std::isinf(d)) {
    out.inf = true;
    return out;
  }
  double a = std::fabs(d);
  if (a == 0.0) {
    out.digits = "0";
    out.decpt = 1;
    return out;
  }
  bool negative = out.negative;
  switch (mode) {
    case 0: {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
      out = from_scientific(std::string_view(buf, r.ptr - buf));
      break;
    }
    case 2: {
      int n = ndigits < 1 ? 1 : ndigits;
      out = from_scientific(chars(a, std::chars_format::scientific, n - 1));
      break;
    }
    default: {
      if (ndigits >= 0) {
        out = from_fixed(chars(a, std::chars_format::fixed, ndigits));
        if (out.digits.empty()) out.decpt = -ndigits;
      } else {
        out = round_left_of_point(a, ndigits);
      }
      break;
    }
  }
  out.negative = negative;
  return out;
}

// Mirrors Python/pystrtod.c format_float_short (3.11).
std::string double_to_string(double d, char code, int precision, unsigned flags) {
  bool upper = code == 'E' || code == 'F' || code == 'G';
  if (upper) code = static_cast<char>(code - 'A' + 'a');
  int mode = 0;
  switch (code) {
    case 'e': mode = 2; ++precision; break;
    case 'f': mode = 3; break;
    case 'g':
      mode = 2;
      if (precision == 0) precision = 1;  // precision 0 makes no sense for 'g'
      break;
    default: mode = 0; break;  // 'r'
  }
  bool always_sign = flags & kDtsfSign;
  bool add_dot_0 = flags & kDtsfAddDot0;
  bool alt = flags & kDtsfAlt;

  DecimalDigits dd = dtoa(d, mode, precision);
  std::string out;
  if (dd.inf || dd.nan) {
    // CPython never writes a sign for a nan, even when one was requested.
    if (dd.inf) {
      if (dd.negative) out += '-';
      else if (always_sign) out += '+';
      out += upper ? "INF" : "inf";
    } else {
      out += upper ? "NAN" : "nan";
    }
    return out;
  }
  const std::string& digits = dd.digits;
  int digits_len = static_cast<int>(digits.size());
  int decpt = dd.decpt;
  bool negative = dd.negative;
  if ((flags & kDtsfNoNegZero) && negative &&
      (digits_len == 0 || (digits_len == 1 && digits[0] == '0'))) {
    negative = false;
  }

  // The output is a slice vdigits[vdigits_start:vdigits_end] of the digits
  // padded with zeros on both sides, with the point at decpt.
  int vdigits_end = digits_len;
  bool use_exp = false;
  switch (code) {
    case 'e':
      use_exp = true;
      vdigits_end = precision;
      break;
    case 'f':
      vdigits_end = decpt + precision;
      break;
    case 'g':
      if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = true;
      if (alt) vdigits_end = precision;
      break;
    default:
      // repr switches to exponent form at 1e16, as CPython does.
      if (decpt <= -4 || decpt > 16) use_exp = true;
      break;
  }
  int exp = 0;
  if (use_exp) {
    exp = decpt - 1;
    decpt = 1;
  }
  int vdigits_start = decpt <= 0 ? decpt - 1 : 0;
  if (!use_exp && add_dot_0) {
    vdigits_end = vdigits_end > decpt ? vdigits_end : decpt + 1;
  } else {
    vdigits_end = vdigits_end > decpt ? vdigits_end : decpt;
  }

  if (negative) out += '-';
  else if (always_sign) out += '+';

  if (decpt <= 0) {
    out.append(static_cast<size_t>(decpt - vdigits_start), '0');
    out += '.';
    out.append(static_cast<size_t>(-decpt), '0');
  } else {
    out.append(static_cast<size_t>(-vdigits_start), '0');
  }
  if (0 < decpt && decpt <= digits_len) {
    out.append(digits, 0, static_cast<size_t>(decpt));
    out += '.';
    out.append(digits, static_cast<size_t>(decpt));
  } else {
    out += digits;
  }
  if (digits_len < decpt) {
    out.append(static_cast<size_t>(decpt - digits_len), '0');
    out += '.';
    out.append(static_cast<size_t>(vdigits_end - decpt), '0');
  } else {
    out.append(static_cast<size_t>(vdigits_end - digits_len), '0');
  }
  if (out.back() == '.' && !alt) out.pop_back();
  if (use_exp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%+.02d", upper ? 'E' : 'e', exp);
    out += buf;
  }
  return out;
}

std::string float_repr(double d) { return double_to_string(d, 'r', 0, kDtsfAddDot0); }

double double_round(double x, int ndigits) {
  DecimalDigits dd = dtoa(x, 3, ndigits);
  std::string text = "0." + (dd.digits.empty() ? std::string("0") : dd.digits) + "e" +
                     std::to_string(dd.decpt);
  double rounded = std::strtod(text.c_str(), nullptr);
  return dd.negative ? -rounded : rounded;
}

}  // namespace corosim
