// Expected values come from CPython 3.11.7 (unicodedata 14.0.0).
#include "sim/runtime/unicode_case.h"

#include <doctest/doctest.h>

namespace corosim {
namespace {

TEST_CASE("lower applies the final-sigma rule only at the end of a cased word") {
  CHECK(unicode_lower("\u03a3\u0391\u03a3") == "\u03c3\u03b1\u03c2");      // 'ΣΑΣ' -> 'σας'
  CHECK(unicode_lower("\u0391\u03a3 \u03a3") == "\u03b1\u03c2 \u03c3");   // 'ΑΣ Σ' -> 'ας σ'
  CHECK(unicode_lower("\u0391\u03a3'\u0391") == "\u03b1\u03c3'\u03b1");   // a cased letter follows
  CHECK(unicode_lower("1\u03a3") == "1\u03c3");
  CHECK(unicode_lower("\u03a3") == "\u03c3");
}

TEST_CASE("full case mappings can produce several code points") {
  CHECK(unicode_upper("stra\u00dfe") == "STRASSE");
  CHECK(unicode_upper("\ufb01") == "FI");
  CHECK(unicode_upper("\u0149") == "\u02bcN");
  CHECK(unicode_lower("\u0130") == "i\u0307");
  CHECK(unicode_upper("\u1f80") == "\u1f08\u0399");
  CHECK(unicode_lower("\u1f88") == "\u1f80");
}

TEST_CASE("title and capitalize use title case, not upper case") {
  CHECK(unicode_title("\u01c6emal \u01c6") == "\u01c5emal \u01c5");
  CHECK(unicode_capitalize("\u01c6 X") == "\u01c5 x");
  CHECK(unicode_capitalize("\ufb03") == "Ffi");
  CHECK(unicode_title("they're bill's") == "They'Re Bill'S");
  CHECK(unicode_swapcase("\u03a3\u0391\u03a3") == "\u03c3\u03b1\u03c2");
  CHECK(unicode_swapcase("h\u00c9llo") == "H\u00e9LLO");
}

TEST_CASE("character predicates follow the Unicode database") {
  CHECK(unicode_is_lowercase(U'\u2170'));  // small roman numeral one: Other_Lowercase
  CHECK(!unicode_is_lowercase(U'\u01c5'));
  CHECK(!unicode_is_uppercase(U'\u01c5'));
  CHECK(unicode_is_cased(U'\u01c5'));
  CHECK(unicode_is_case_ignorable(U'\''));
  CHECK(unicode_is_case_ignorable(U'\u0301'));
  CHECK(unicode_is_alpha(U'\u4e2d'));
  CHECK(!unicode_is_alpha(U'1'));
  CHECK(unicode_is_digit(U'\u00b2'));
  CHECK(!unicode_is_decimal(U'\u00b2'));
  CHECK(unicode_is_numeric(U'\u00bd'));
  CHECK(!unicode_is_digit(U'\u00bd'));
}

TEST_CASE("decimal values cover every script's digits") {
  CHECK(unicode_decimal_value(U'7') == 7);
  CHECK(unicode_decimal_value(U'\u0663') == 3);   // ARABIC-INDIC DIGIT THREE
  CHECK(unicode_decimal_value(U'\uff19') == 9);   // FULLWIDTH DIGIT NINE
  CHECK(unicode_decimal_value(U'\U0001d7ce') == 0);  // MATHEMATICAL BOLD DIGIT ZERO
  CHECK(unicode_decimal_value(U'\u00b2') == -1);  // a digit, not a decimal
  CHECK(unicode_decimal_value(U'a') == -1);
}

}  // namespace
}  // namespace corosim
