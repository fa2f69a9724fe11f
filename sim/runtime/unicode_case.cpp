#include "sim/runtime/unicode_case.h"

#include <algorithm>
#include <span>
#include <vector>

#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

// Code points first, first + stride, ..., last.
struct StridedRange {
  uint32_t first, last, stride;
};

// Code points first, first + stride, ..., last each map to cp + delta.
struct CaseRun {
  uint32_t first, last, stride;
  int32_t delta;
};

// A code point whose full mapping has two or three code points (0-padded).
struct SpecialCase {
  uint32_t cp;
  uint32_t mapped[3];
};

#include "sim/runtime/unicode_case_tables.inc"

// The run that may hold cp: the last one starting at or before it.
template <class Run>
const Run* find_run(std::span<const Run> runs, uint32_t cp) {
  auto it = std::upper_bound(runs.begin(), runs.end(), cp,
                             [](uint32_t c, const Run& r) { return c < r.first; });
  if (it == runs.begin()) return nullptr;
  const Run& r = *(it - 1);
  if (cp > r.last || (cp - r.first) % r.stride != 0) return nullptr;
  return &r;
}

bool in_table(std::span<const StridedRange> table, uint32_t cp) { return find_run(table, cp) != nullptr; }

void append_mapped(std::span<const CaseRun> runs, std::span<const SpecialCase> special, uint32_t cp,
                   std::string& out) {
  if (const CaseRun* r = find_run(runs, cp)) return append_utf8(out, uint32_t(int64_t(cp) + r->delta));
  auto it = std::lower_bound(special.begin(), special.end(), cp,
                             [](const SpecialCase& s, uint32_t c) { return s.cp < c; });
  if (it == special.end() || it->cp != cp) return append_utf8(out, cp);
  for (uint32_t m : it->mapped)
    if (m) append_utf8(out, m);
}

std::vector<uint32_t> code_points(std::string_view text) {
  std::vector<uint32_t> cps;
  cps.reserve(text.size());
  for (size_t i = 0; i < text.size();) cps.push_back(decode_utf8(text, i));
  return cps;
}

constexpr uint32_t kCapitalSigma = 0x3A3;

// Mirrors handle_capital_sigma: U+03A3 lowers to final sigma when a cased
// character precedes it and none follows (case-ignorables skipped).
uint32_t lower_sigma(const std::vector<uint32_t>& cps, size_t i) {
  size_t j = i;
  while (j > 0 && unicode_is_case_ignorable(cps[j - 1])) --j;
  bool final_sigma = j > 0 && unicode_is_cased(cps[j - 1]);
  if (final_sigma) {
    size_t k = i + 1;
    while (k < cps.size() && unicode_is_case_ignorable(cps[k])) ++k;
    final_sigma = k == cps.size() || !unicode_is_cased(cps[k]);
  }
  return final_sigma ? 0x3C2 : 0x3C3;
}

// Mirrors lower_ucs4.
void append_lower_at(const std::vector<uint32_t>& cps, size_t i, std::string& out) {
  if (cps[i] == kCapitalSigma) return append_utf8(out, lower_sigma(cps, i));
  unicode_append_lower(cps[i], out);
}

}  // namespace

bool unicode_is_lowercase(uint32_t cp) { return in_table(kLowercase, cp); }
bool unicode_is_uppercase(uint32_t cp) { return in_table(kUppercase, cp); }
bool unicode_is_cased(uint32_t cp) { return in_table(kCased, cp); }
bool unicode_is_case_ignorable(uint32_t cp) { return in_table(kCaseIgnorable, cp); }
bool unicode_is_alpha(uint32_t cp) { return in_table(kAlpha, cp); }
bool unicode_is_decimal(uint32_t cp) { return in_table(kDecimal, cp); }
bool unicode_is_digit(uint32_t cp) { return in_table(kDigit, cp); }
bool unicode_is_numeric(uint32_t cp) { return in_table(kNumeric, cp); }

// Every decimal digit belongs to a contiguous block 0..9 and the table's
// runs start at a block's 0 (checked by the generator's source, unicodedata).
int unicode_decimal_value(uint32_t cp) {
  const StridedRange* r = find_run(std::span<const StridedRange>(kDecimal), cp);
  return r ? int((cp - r->first) % 10) : -1;
}

void unicode_append_lower(uint32_t cp, std::string& out) { append_mapped(kToLower, kToLowerSpecial, cp, out); }
void unicode_append_upper(uint32_t cp, std::string& out) { append_mapped(kToUpper, kToUpperSpecial, cp, out); }
void unicode_append_title(uint32_t cp, std::string& out) { append_mapped(kToTitle, kToTitleSpecial, cp, out); }

std::string unicode_lower(std::string_view text) {
  std::vector<uint32_t> cps = code_points(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < cps.size(); ++i) append_lower_at(cps, i, out);
  return out;
}

std::string unicode_upper(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) unicode_append_upper(decode_utf8(text, i), out);
  return out;
}

// Mirrors do_title: title case after an uncased character, lower after a cased one.
std::string unicode_title(std::string_view text) {
  std::vector<uint32_t> cps = code_points(text);
  std::string out;
  bool previous_cased = false;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (previous_cased) append_lower_at(cps, i, out);
    else unicode_append_title(cps[i], out);
    previous_cased = unicode_is_cased(cps[i]);
  }
  return out;
}

// Mirrors do_capitalize (3.8+): the first character in title case.
std::string unicode_capitalize(std::string_view text) {
  std::vector<uint32_t> cps = code_points(text);
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (i == 0) unicode_append_title(cps[i], out);
    else append_lower_at(cps, i, out);
  }
  return out;
}

// Mirrors do_swapcase.
std::string unicode_swapcase(std::string_view text) {
  std::vector<uint32_t> cps = code_points(text);
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (unicode_is_uppercase(cps[i])) append_lower_at(cps, i, out);
    else if (unicode_is_lowercase(cps[i])) unicode_append_upper(cps[i], out);
    else append_utf8(out, cps[i]);
  }
  return out;
}

}  // namespace corosim
