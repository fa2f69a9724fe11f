// A small JSON Schema (draft 2020-12) validator: the keywords corosim's own
// schemas use, checked as the standard defines them, so that its verdicts
// agree with any conforming validator (the tests compare it with Python's
// jsonschema). A schema using anything else is refused when it is compiled,
// rather than half-checked.
//
// Supported: boolean schemas; type (a name or a list), const, enum,
// properties, required, additionalProperties, items, prefixItems,
// uniqueItems, minimum, allOf, anyOf, oneOf, if/then/else, and $ref to a
// JSON pointer inside the same document ("#/$defs/name"). Annotations
// ($schema, $id and $comment at the top, title, description, default,
// examples, $defs) are accepted and ignored.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corosim {

/// One way an instance breaks its schema.
struct SchemaViolation {
  /// Where, as a JSON pointer into the instance ("/events/17/waits_on/until";
  /// "" is the whole document).
  std::string pointer;
  /// What, e.g. "expected number or null, got string".
  std::string message;
};

/// The violations found: the first `keep` of them, and how many in all. A
/// violation that repeats the one just added is dropped.
class SchemaViolations {
 public:
  explicit SchemaViolations(size_t keep) : keep_(keep) {}

  void add(std::string pointer, std::string message);
  /// Appends what `other` found after what this one found.
  void append(const SchemaViolations& other);

  const std::vector<SchemaViolation>& first() const { return first_; }
  size_t keep() const { return keep_; }
  size_t total() const { return total_; }
  bool empty() const { return total_ == 0; }

 private:
  size_t keep_;
  size_t total_ = 0;
  std::vector<SchemaViolation> first_;
  SchemaViolation last_;
};

class JsonSchema {
 public:
  /// Compiles `schema`. Throws std::invalid_argument naming the keyword and
  /// its place in the schema for anything this validator does not implement
  /// (an unknown keyword, a $ref outside the document, a nested $id), and
  /// for malformed keyword values.
  explicit JsonSchema(const nlohmann::json& schema);
  ~JsonSchema();
  JsonSchema(JsonSchema&&) noexcept;
  JsonSchema& operator=(JsonSchema&&) noexcept;

  /// Checks `instance` against the schema and adds what is wrong to `out`.
  void validate(const nlohmann::json& instance, SchemaViolations& out) const;

  /// Parses the JSON document `text` and checks it, without ever holding the
  /// elements of the top-level object's arrays together: each element of an
  /// array member whose schema is only a type "array" and an `items` schema
  /// (such as a trace's "events") is checked as soon as it has been parsed
  /// and then dropped, so a file of millions of events is checked in little
  /// memory. The verdict is the same as validate()'s on the parsed document.
  /// Returns the length of each array checked that way, by member name.
  /// Throws nlohmann::json::parse_error when `text` is not JSON, and
  /// JsonError (sim/trace/json_scanner.h) at an object or array nested
  /// deeper than kMaxJsonDepth, before anything deeper is parsed.
  std::map<std::string, size_t> validate_text(std::string_view text, SchemaViolations& out) const;

  // The compiled form (json_schema.cpp).
  struct Node;
  struct Compiled;

 private:
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace corosim
