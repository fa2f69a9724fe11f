#include "sim/trace/json_scanner.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "sim/trace/json_input.h"

namespace corosim {
namespace {

// The one value of `text` (checked to the end).
JsonValue parsed(std::string_view text) {
  JsonScanner scanner(text);
  JsonValue value;
  scanner.read_value(value);
  scanner.finish();
  return value;
}

// The message reading `text` as one JSON value gives, "" when it is fine.
std::string error_of(std::string_view text) {
  try {
    JsonScanner scanner(text);
    scanner.skip_value();
    scanner.finish();
  } catch (const JsonError& e) {
    return e.kind == JsonError::Kind::kSyntax ? json_syntax_error("t.json", text, e.offset, e.reason)
                                              : text_position("t.json", text, e.offset) + ": " + e.reason;
  }
  return "";
}

// What nlohmann's parser says of the same text: the scanner's messages are
// meant to read exactly alike (`corosim validate` parses with nlohmann).
std::string nlohmann_error_of(std::string_view text) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return json_syntax_error("t.json", text, e);
  }
  return "";
}

TEST_CASE("shown_json_text: controls and other non-printables as <U+XXXX>, bytes that are not UTF-8 as \\xNN") {
  CHECK(shown_json_text("a\tb\x1B\x7F") == "a<U+0009>b<U+001B><U+007F>");
  CHECK(shown_json_text("\xE2\x80\xAE \xE2\x81\xA6 \xC2\xA0") == "<U+202E> <U+2066> <U+00A0>");
  CHECK(shown_json_text("\xFF\xC3(") == "\\xff\\xc3(");
  CHECK(shown_json_text("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");
}

TEST_CASE("numbers: integers, fractions, exponents, -0, subnormals, and what is too close to zero reads as 0") {
  JsonValue v = parsed("[0, -0, 42, -7, 1.5, 2e3, 1E-2, 9007199254740993, 12345678901234567890, 1e-320, 1e-400, -0.0]");
  const std::vector<JsonNode>& n = v.nodes;
  REQUIRE(n.size() == 13);
  CHECK(n[1].integer);
  CHECK(n[1].int_value == 0);
  CHECK(n[2].integer);
  CHECK(n[2].number == 0);
  CHECK(std::signbit(n[2].number));  // -0 as the text says
  CHECK(n[3].int_value == 42);
  CHECK(n[4].int_value == -7);
  CHECK_FALSE(n[5].integer);
  CHECK(n[5].number == 1.5);
  CHECK_FALSE(n[6].integer);  // 2e3: an exponent makes it a float, as in nlohmann
  CHECK(n[6].number == 2000);
  CHECK(n[7].number == 0.01);
  CHECK(n[8].int_value == 9007199254740993);  // exact as an integer, rounded as a double
  CHECK(n[8].number == 9007199254740992.0);
  CHECK_FALSE(n[9].integer);  // beyond int64_t: a double
  CHECK(n[9].number == 12345678901234567890.0);
  CHECK(n[10].number > 0);
  CHECK(n[10].number < 1e-300);
  CHECK(n[10].number == 1e-320);
  CHECK(n[11].number == 0);
  CHECK(n[12].number == 0);
  CHECK(std::signbit(n[12].number));
}

TEST_CASE("a number a double cannot hold is an error naming where it is") {
  CHECK(error_of("[1,\n 1e999]") == "t.json:2:2: number out of range: 1e999 is beyond a double");
  CHECK(error_of("-1E+400") == "t.json:1:1: number out of range: -1E+400 is beyond a double");
  CHECK(error_of("0.01e310") == "");
  CHECK(error_of("0.01e311") == "t.json:1:1: number out of range: 0.01e311 is beyond a double");
  std::string digits(400, '9');
  CHECK(error_of(digits) == "t.json:1:1: number out of range: " + digits.substr(0, 40) + "... is beyond a double");
}

TEST_CASE("numbers JSON does not allow are syntax errors, worded as nlohmann words them") {
  CHECK(error_of("[01]") ==
        "t.json:1:3: not valid JSON: syntax error while parsing array - unexpected number literal; expected ']'");
  CHECK(error_of("[1.]") ==
        "t.json:1:4: not valid JSON: syntax error while parsing value - invalid number; expected digit after '.'; last read: '1.]'");
  CHECK(error_of("-") ==
        "t.json:1:2: not valid JSON: syntax error while parsing value - invalid number; expected digit after '-'; last read: '-' (is the file truncated?)");
  for (const char* bad : {"[01]", "[1.]", "-", "[1e]", "[1e+]", "[+1]", "[.5]", "[1.5e]", "[-a]", "[0x10]", "[NaN]", "[Infinity]"}) {
    CAPTURE(bad);
    CHECK(error_of(bad) != "");
    CHECK(error_of(bad) == nlohmann_error_of(bad));
  }
}

TEST_CASE("strings: every escape, \\u escapes with surrogate pairs, and UTF-8 as it is") {
  JsonValue v = parsed(R"(["a\"b\\c\/d\be\ff\ng\rh\ti", "caf\u00e9 \u20AC \ud83d\ude00 \u0000!", "caf)" "\xc3\xa9 \xf0\x9f\x98\x80" R"(", "plain"])");
  REQUIRE(v.nodes.size() == 5);
  CHECK(v.nodes[1].string == "a\"b\\c/d\be\ff\ng\rh\ti");
  CHECK(v.nodes[2].string == std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \0!", 17));
  CHECK(v.nodes[3].string == "caf\xc3\xa9 \xf0\x9f\x98\x80");
  CHECK(v.nodes[4].string == "plain");
  CHECK(v.nodes[4].raw == "\"plain\"");
}

TEST_CASE("a lone surrogate escape reads as U+FFFD; the escape after it is read on its own") {
  JsonValue v = parsed(R"(["\ud800", "\udfff", "x\ud800\u0041", "\ud800\ud800\udc00", "\\ud800"])");
  CHECK(v.nodes[1].string == "\xef\xbf\xbd");
  CHECK(v.nodes[2].string == "\xef\xbf\xbd");
  CHECK(v.nodes[3].string == "x\xef\xbf\xbd" "A");
  CHECK(v.nodes[4].string == "\xef\xbf\xbd\xf0\x90\x80\x80");
  CHECK(v.nodes[5].string == "\\ud800");
}

TEST_CASE("strings JSON does not allow are syntax errors, worded as nlohmann words them") {
  CHECK(error_of("[\"a\nb\"]") ==
        "t.json:1:4: not valid JSON: syntax error while parsing value - invalid string: control character U+000A "
        "(LF) must be escaped to \\u000A or \\n; last read: '\"a<U+000A>'");
  for (std::string bad : {"[\"a\nb\"]", "[\"\x01\"]", "[\"\x1f\"]", "[\"\t\"]", "[\"\\x\"]", "[\"\\u12g4\"]",
                          "[\"\\u12\"]", "[\"abc", "[\"\\", "[\"\xc3\"]", "[\"\xc0\x80\"]", "[\"\xed\xa0\x80\"]",
                          "[\"\xf4\x90\x80\x80\"]", "[\"\xff\"]", "[\"\xe2\x82\"]", "{\"a\n\": 1}", "{\"a\": 1, 2: 3}"}) {
    CAPTURE(bad);
    CHECK(error_of(bad) != "");
    CHECK(error_of(bad) == nlohmann_error_of(bad));
  }
}

TEST_CASE("keys may have escapes; members and elements are reached by `next`") {
  JsonValue v = parsed(R"({"\u0074": 1, "o": {"x": [1, [2]], "y": {}}, "a": []})");
  const std::vector<JsonNode>& n = v.nodes;
  CHECK(n[0].type == JsonType::kObject);
  std::vector<std::string_view> keys;
  for (uint32_t i = 1; i < n[0].next; i = n[i].next) keys.push_back(n[i].key);
  CHECK(keys == std::vector<std::string_view>{"t", "o", "a"});
  CHECK(n[2].raw == R"({"x": [1, [2]], "y": {}})");
  CHECK(n[n.size() - 1].type == JsonType::kArray);
  CHECK(n[n.size() - 1].next == n.size());
}

TEST_CASE("deep nesting is read without recursion, up to a limit that is an error, not a crash") {
  std::string deep = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  CHECK(error_of(deep) == "");
  CHECK(parsed(deep).nodes.size() == kMaxJsonDepth);
  std::string deeper = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  CHECK(error_of(deeper) == "t.json:1:10001: nested more than 10000 levels deep");
  CHECK(error_of(std::string(200000, '[')) == "t.json:1:10001: nested more than 10000 levels deep");
  CHECK(error_of(std::string(200000, '{')) != "");
}

TEST_CASE("structural errors, truncations and trailing text read like nlohmann's") {
  std::string sample =
      "{\n  \"a\": [1, -2.5e-3, true, false, null, \"s\\u00e9\"],\n  \"b\": {\"c\": {}, \"d\": []}\n}\n";
  CHECK(error_of(sample) == "");
  for (size_t cut = 0; cut < sample.size() - 1; ++cut) {
    std::string text = sample.substr(0, cut);
    CAPTURE(text);
    CHECK(error_of(text) != "");
    CHECK(error_of(text) == nlohmann_error_of(text));
  }
  for (std::string bad : {"", "   ", "{} x", "{}{}", "[1 2]", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}", "{\"a\": 1,}",
                          "[1,]", "[}", "{]", "tru", "nul", "[fals]", "{\"a\":", ":", "[1]]", "\xef\xbb\xbf x"}) {
    CAPTURE(bad);
    CHECK(error_of(bad) != "");
    CHECK(error_of(bad) == nlohmann_error_of(bad));
  }
  CHECK(error_of("\xef\xbb\xbf {}") == "");  // a UTF-8 byte order mark is skipped
}

TEST_CASE("the caller walks the outer levels and reads or skips each value") {
  std::string_view text = R"( {"skip": {"deep": [[{"x": "\n"}]]}, "list": [{"k": 1}, 2], "last": "v"} )";
  JsonScanner scanner(text);
  REQUIRE(scanner.at('{'));
  scanner.enter();
  std::vector<std::string> seen;
  JsonValue value;
  for (bool first = true; scanner.next_member(first); first = false) {
    std::string key(scanner.read_key());
    if (key == "list") {
      REQUIRE(scanner.at('['));
      scanner.enter();
      for (bool first_element = true; scanner.next_element(first_element); first_element = false) {
        scanner.read_value(value);
        seen.push_back(key + ":" + std::string(value.root().raw));
      }
    } else if (key == "last") {
      scanner.read_value(value);
      seen.push_back(key + ":" + std::string(value.root().string));
    } else {
      scanner.skip_value();
      seen.push_back(key);
    }
  }
  scanner.finish();
  CHECK(seen == std::vector<std::string>{"skip", R"(list:{"k": 1})", "list:2", "last:v"});
}

}  // namespace
}  // namespace corosim
