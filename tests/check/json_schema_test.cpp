#include "sim/check/json_schema.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "sim/trace/json_scanner.h"

namespace corosim {
namespace {

using Json = nlohmann::json;

// "POINTER: message" for each violation of `instance`, in order.
std::vector<std::string> violations(const std::string& schema, const std::string& instance, size_t keep = 100) {
  SchemaViolations out(keep);
  JsonSchema(Json::parse(schema)).validate(Json::parse(instance), out);
  std::vector<std::string> lines;
  for (const SchemaViolation& v : out.first()) lines.push_back(v.pointer + ": " + v.message);
  CHECK(out.total() >= lines.size());
  return lines;
}

bool valid(const std::string& schema, const std::string& instance) { return violations(schema, instance).empty(); }

using Lines = std::vector<std::string>;

TEST_CASE("type: one name or a list; integer is any number without a fraction") {
  CHECK(valid(R"({"type": "string"})", R"("x")"));
  CHECK(violations(R"({"type": "string"})", "3") == Lines{": expected string, got integer"});
  CHECK(valid(R"({"type": "integer"})", "3"));
  CHECK(valid(R"({"type": "integer"})", "3.0"));
  CHECK(violations(R"({"type": "integer"})", "3.5") == Lines{": expected integer, got number"});
  CHECK(valid(R"({"type": "number"})", "3"));
  CHECK(violations(R"({"type": "number"})", "true") == Lines{": expected number, got boolean"});
  CHECK(valid(R"({"type": ["number", "null"]})", "null"));
  CHECK(violations(R"({"type": ["number", "null"]})", R"("1")") == Lines{": expected number or null, got string"});
  CHECK(violations(R"({"type": ["object", "array", "boolean"]})", "null") ==
        Lines{": expected object, array or boolean, got null"});
}

TEST_CASE("const and enum compare JSON values: 1 equals 1.0, not true") {
  CHECK(valid(R"({"const": 1})", "1.0"));
  CHECK(violations(R"({"const": 1})", "true") == Lines{": expected 1, got true"});
  CHECK(violations(R"({"const": "corosim-trace"})", R"("other")") == Lines{R"(: expected "corosim-trace", got "other")"});
  CHECK(valid(R"({"const": {"a": [1, 2]}})", R"({"a": [1, 2.0]})"));
  CHECK(valid(R"({"enum": ["ok", "error", null]})", "null"));
  CHECK(violations(R"({"enum": ["ok", "error", "until"]})", R"("x")") ==
        Lines{R"(: expected "ok", "error" or "until", got "x")"});
}

TEST_CASE("properties, required and additionalProperties; violations name JSON pointers") {
  std::string schema = R"({"type": "object", "required": ["a", "b"],
    "properties": {"a": {"type": "integer"}, "x/y~z": {"type": "string"}},
    "additionalProperties": {"type": "boolean"}})";
  CHECK(valid(schema, R"({"a": 1, "b": true, "x/y~z": "s"})"));
  CHECK(violations(schema, R"({"x/y~z": 2, "c": 1})") ==
        Lines{"/x~1y~0z: expected string, got integer", ": missing property \"a\"", ": missing property \"b\"",
              "/c: expected boolean, got integer"});
  // properties and required say nothing about values that are not objects.
  CHECK(valid(R"({"required": ["a"], "properties": {"a": false}})", "[1]"));
}

TEST_CASE("items, prefixItems and uniqueItems") {
  CHECK(violations(R"({"items": {"type": "integer"}})", R"([1, "2", 3, null])") ==
        Lines{"/1: expected integer, got string", "/3: expected integer, got null"});
  std::string pair = R"({"prefixItems": [{"type": "string"}, {"type": "number"}], "items": false})";
  CHECK(valid(pair, R"(["a", 1])"));
  CHECK(violations(pair, R"([1, 1, 1])") == Lines{"/0: expected string, got integer", "/2: no value is allowed here"});
  CHECK(valid(R"({"uniqueItems": true})", R"([1, "1", [1], true])"));
  CHECK(violations(R"({"uniqueItems": true})", R"([3, 1, 2, 1.0, 3])") ==
        Lines{": items 1 and 3 are equal; expected no duplicates"});
  CHECK(valid(R"({"uniqueItems": false})", "[1, 1]"));
}

TEST_CASE("minimum applies to numbers only, exactly for integers") {
  CHECK(valid(R"({"minimum": 1})", "1"));
  CHECK(valid(R"({"minimum": 1})", R"("0")"));
  CHECK(violations(R"({"minimum": 1})", "0") == Lines{": expected a number >= 1, got 0"});
  CHECK(violations(R"({"minimum": 1})", "0.5") == Lines{": expected a number >= 1, got 0.5"});
  CHECK(violations(R"({"minimum": 0})", "-9223372036854775808") ==
        Lines{": expected a number >= 0, got -9223372036854775808"});
  CHECK(valid(R"({"minimum": 9007199254740993})", "9007199254740993"));
  CHECK(!valid(R"({"minimum": 9007199254740993})", "9007199254740992"));
  CHECK(valid(R"({"minimum": -1})", "18446744073709551615"));
}

TEST_CASE("allOf reports every branch's violations; anyOf and oneOf say why no alternative fits") {
  CHECK(violations(R"({"allOf": [{"type": "string"}, {"minimum": 5}]})", "3") ==
        Lines{": expected string, got integer", ": expected a number >= 5, got 3"});
  std::string any = R"({"anyOf": [{"type": "string"}, {"type": "object", "required": ["a"]}]})";
  CHECK(valid(any, R"("s")"));
  CHECK(valid(any, R"({"a": 1})"));
  CHECK(violations(any, "{}") ==
        Lines{": matches none of the alternatives of anyOf (1: expected string, got object; 2: missing property "
              "\"a\")"});
  std::string one = R"({"oneOf": [{"type": "integer"}, {"minimum": 2}]})";
  CHECK(valid(one, "1"));
  CHECK(valid(one, "2.5"));
  CHECK(violations(one, "3") == Lines{": matches more than one alternative of oneOf"});
  CHECK(valid(one, "\"s\""));  // not an integer, and minimum says nothing about strings
  CHECK(violations(R"({"properties": {"v": {"oneOf": [{"type": "integer"}, {"type": "null"}]}}})", R"({"v": "s"})") ==
        Lines{"/v: matches none of the alternatives of oneOf (1: expected integer, got string; 2: expected null, "
              "got string)"});
}

TEST_CASE("if/then/else: the branch the condition picks, and only its violations") {
  std::string schema = R"({"if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
    "then": {"required": ["x"]}, "else": {"required": ["y"]}})";
  CHECK(valid(schema, R"({"kind": "a", "x": 1})"));
  CHECK(violations(schema, R"({"kind": "a"})") == Lines{": missing property \"x\""});
  CHECK(violations(schema, R"({"kind": "b"})") == Lines{": missing property \"y\""});
  CHECK(valid(R"({"if": {"type": "string"}, "then": {"const": "s"}})", "7"));
}

TEST_CASE("$ref follows JSON pointers inside the document, recursion included") {
  std::string schema = R"({"$defs": {"id": {"type": "integer", "minimum": 1},
      "tree": {"type": "object", "properties": {"id": {"$ref": "#/$defs/id"},
               "kids": {"items": {"$ref": "#/$defs/tree"}}}}},
    "$ref": "#/$defs/tree"})";
  CHECK(valid(schema, R"({"id": 1, "kids": [{"id": 2, "kids": [{"id": 3}]}]})"));
  CHECK(violations(schema, R"({"id": 1, "kids": [{"id": 2, "kids": [{"id": 0}]}]})") ==
        Lines{"/kids/0/kids/0/id: expected a number >= 1, got 0"});
  // A $ref with siblings: both apply (draft 2020-12).
  CHECK(violations(R"({"$defs": {"n": {"type": "number"}}, "properties": {"a": {"$ref": "#/$defs/n", "minimum": 2}}})",
                   R"({"a": 1})") == Lines{"/a: expected a number >= 2, got 1"});
  // A ref to a place no keyword compiles (inside "properties" of a $defs entry).
  CHECK(valid(R"({"$defs": {"o": {"properties": {"p": {"type": "null"}}}}, "$ref": "#/$defs/o/properties/p"})", "null"));
}

TEST_CASE("boolean schemas and annotations") {
  CHECK(valid("true", R"({"anything": [1]})"));
  CHECK(violations("false", "1") == Lines{": no value is allowed here"});
  CHECK(valid(R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:x", "title": "t",
                  "description": "d", "$comment": "c", "default": 1, "examples": [1]})",
              "1"));
}

TEST_CASE("what the validator does not implement is refused when the schema is compiled") {
  auto refused = [](const std::string& schema) {
    try {
      JsonSchema{Json::parse(schema)};
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  CHECK(refused(R"({"properties": {"a": {"pattern": "^x"}}})") ==
        "JSON Schema at \"#/properties/a\": keyword \"pattern\" is not supported by corosim's validator "
        "(sim/check/json_schema.h)");
  CHECK(refused(R"({"$ref": "other.json#/x"})").find("must point inside this document") != std::string::npos);
  CHECK(refused(R"({"$ref": "#/$defs/missing"})") == "JSON Schema at \"#/$defs/missing\": \"$ref\": "
                                                     "\"#/$defs/missing\" points at nothing");
  CHECK(refused(R"({"items": {"$id": "urn:y"}})").find("only a top-level \"$id\"") != std::string::npos);
  CHECK(refused(R"({"$schema": "http://json-schema.org/draft-07/schema#"})").find("2020-12") != std::string::npos);
  CHECK(refused(R"({"type": "float"})") == "JSON Schema at \"#\": unknown type \"float\"");
  CHECK(refused(R"({"allOf": []})").find("non-empty array") != std::string::npos);
  CHECK(refused("3") == "JSON Schema at \"#\": a schema must be an object or a boolean, not 3");
}

TEST_CASE("violations: the first few kept, all counted") {
  SchemaViolations out(2);
  JsonSchema(Json::parse(R"({"items": {"type": "string"}})")).validate(Json::parse("[1, 2, 3, 4]"), out);
  CHECK(out.total() == 4);
  REQUIRE(out.first().size() == 2);
  CHECK(out.first()[1].pointer == "/1");
}

TEST_CASE("validate_text checks the elements of top-level arrays as it parses, with the same verdict") {
  JsonSchema schema(Json::parse(R"({"type": "object", "required": ["n", "rows"],
    "properties": {"n": {"type": "integer"}, "rows": {"type": "array", "items": {"type": "object",
      "required": ["v"], "properties": {"v": {"type": "number"}}}},
      "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}})"));
  auto both = [&](const std::string& text) {
    SchemaViolations streamed(100);
    std::map<std::string, size_t> lengths = schema.validate_text(text, streamed);
    SchemaViolations whole(100);
    schema.validate(Json::parse(text), whole);
    std::vector<std::string> a, b;
    for (const SchemaViolation& v : streamed.first()) a.push_back(v.pointer + ": " + v.message);
    for (const SchemaViolation& v : whole.first()) b.push_back(v.pointer + ": " + v.message);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    CHECK(a == b);
    return std::make_pair(a, lengths);
  };
  auto [none, lengths] = both(R"({"n": 1, "rows": [{"v": 1}, {"v": 2}, {"v": 3}], "tags": ["a", "b"]})");
  CHECK(none.empty());
  // "rows" has only type and items: streamed; "tags" also has uniqueItems: not.
  CHECK(lengths == std::map<std::string, size_t>{{"rows", 3}});
  CHECK(both(R"({"rows": [{"v": 1}, 5, [], {"v": "x"}], "tags": ["a", "a"], "n": "1"})").first ==
        Lines{"/n: expected integer, got string",
              "/rows/1: expected object, got integer", "/rows/2: expected object, got array",
              "/rows/3/v: expected number, got string", "/tags: items 0 and 1 are equal; expected no duplicates"});
  CHECK(both(R"({"n": 1, "rows": {"0": {"v": "x"}}})").first == Lines{"/rows: expected array, got object"});
  CHECK(both(R"([{"n": 1}])").first == Lines{": expected object, got array"});
  SchemaViolations out(10);
  CHECK_THROWS_AS(schema.validate_text(R"({"n": 1, "rows": [)", out), Json::parse_error);
}

TEST_CASE("a message quotes at most 40 characters of a value, however big or deep") {
  CHECK(violations(R"({"const": 1})", R"({"a": [1, 2.5, "x"], "b": null})") ==
        Lines{R"(: expected 1, got {"a":[1,2.5,"x"],"b":null})"});
  CHECK(violations(R"({"const": 1})", "[1234567890, 1234567890, 1234567890, 1234567890, 1234567890]") ==
        Lines{": expected 1, got [1234567890,1234567890,1234567890,123..."});
  // A string cut inside a character is cut before it.
  std::string cents = "x";
  for (int i = 0; i < 30; ++i) cents += "\u00a2";
  CHECK(violations(R"({"const": 1})", "\"" + cents + "\"") ==
        Lines{": expected 1, got \"x\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2"
              "\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2..."});
  // 100,000 levels: dumping the whole value would recurse 100,000 deep.
  Json deep = Json::array();
  for (int i = 0; i < 100000; ++i) deep = Json::array({std::move(deep)});
  SchemaViolations out(1);
  JsonSchema(Json::parse(R"({"const": 1})")).validate(deep, out);
  REQUIRE(out.first().size() == 1);
  CHECK(out.first()[0].message == "expected 1, got " + std::string(37, '[') + "...");
}

TEST_CASE("validate_text refuses nesting deeper than kMaxJsonDepth at the first container too deep") {
  JsonSchema schema(Json::parse(R"({"type": "object"})"));
  auto nested = [](size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  SchemaViolations out(10);
  schema.validate_text(R"({"a": "[[[[", "b": )" + nested(kMaxJsonDepth - 1) + "}", out);
  CHECK(out.empty());
  // One level more; the brackets in a string do not count.
  std::string text = R"({"a": "[[[[\"", "b": )" + nested(kMaxJsonDepth) + "}";
  try {
    schema.validate_text(text, out);
    FAIL("not refused");
  } catch (const JsonError& e) {
    CHECK(e.kind == JsonError::Kind::kLimit);
    CHECK(e.offset == text.find(R"("b": )") + 5 + kMaxJsonDepth - 1);
    CHECK(e.reason == "nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  }
}

}  // namespace
}  // namespace corosim
