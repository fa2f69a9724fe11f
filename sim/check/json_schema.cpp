#include "sim/check/json_schema.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "sim/trace/json_scanner.h"

namespace corosim {

using Json = nlohmann::json;

struct JsonSchema::Node {
  std::optional<bool> constant;  // a boolean schema: true accepts anything, false nothing
  unsigned types = 0;            // TypeBits; 0 when there is no "type"
  std::string type_words;        // "number or null": the types in the schema's order
  std::optional<Json> const_value;
  std::optional<std::vector<Json>> enum_values;
  std::vector<std::pair<std::string, const Node*>> properties;
  std::vector<std::string> required;
  const Node* additional_properties = nullptr;
  std::vector<const Node*> prefix_items;
  const Node* items = nullptr;
  bool unique_items = false;
  std::optional<Json> minimum;
  std::vector<const Node*> all_of;
  std::vector<const Node*> any_of;
  std::vector<const Node*> one_of;
  const Node* if_schema = nullptr;
  const Node* then_schema = nullptr;
  const Node* else_schema = nullptr;
  std::optional<std::string> ref_pointer;  // the JSON pointer of "$ref": "#..."
  const Node* ref = nullptr;
};

struct JsonSchema::Compiled {
  Json document;
  std::vector<std::unique_ptr<Node>> nodes;
  std::map<std::string, Node*> by_pointer;  // every compiled subschema, by its place in `document`
  const Node* root = nullptr;
  // Members of the top-level object whose elements validate_text() checks
  // one at a time: the schema of their elements.
  std::map<std::string, const Node*> streamed;
};

namespace {

using Node = JsonSchema::Node;

enum TypeBits : unsigned {
  kNull = 1,
  kBoolean = 2,
  kObject = 4,
  kArray = 8,
  kNumber = 16,
  kString = 32,
  kInteger = 64,
};

constexpr std::pair<const char*, unsigned> kTypeNames[] = {
    {"null", kNull},     {"boolean", kBoolean}, {"object", kObject},   {"array", kArray},
    {"number", kNumber}, {"string", kString},   {"integer", kInteger},
};

constexpr const char* kDraft202012 = "https://json-schema.org/draft/2020-12/schema";
constexpr size_t kShownValueChars = 40;

// A JSON Schema "integer" is any number with no fractional part: 2.0 is one.
bool is_integral(const Json& v) {
  if (v.is_number_integer()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::trunc(d) == d;
}

bool has_type(const Json& v, unsigned types) {
  switch (v.type()) {
    case Json::value_t::null: return types & kNull;
    case Json::value_t::boolean: return types & kBoolean;
    case Json::value_t::object: return types & kObject;
    case Json::value_t::array: return types & kArray;
    case Json::value_t::string: return types & kString;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return (types & kNumber) || ((types & kInteger) && is_integral(v));
    default: return false;
  }
}

// What a message calls the type of `v`.
const char* type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    default: return "number";
  }
}

// "A", "A or B", "A, B or C".
std::string either(const std::vector<std::string>& words) {
  std::string text;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) text += i + 1 == words.size() ? " or " : ", ";
    text += words[i];
  }
  return text;
}

// Appends `value` as compact JSON until `out` holds `limit` bytes: a huge or
// deeply nested value costs no more than its first few characters (each
// level written adds a byte, so the recursion is as deep as `limit` at most).
void append_preview(std::string& out, const Json& value, size_t limit) {
  if (out.size() >= limit) return;
  if (value.is_string()) {
    // A prefix long enough to fill the preview; a character cut in two
    // becomes U+FFFD, and the caller cuts the text anyway.
    const std::string& text = value.get_ref<const std::string&>();
    out += Json(text.substr(0, limit - out.size())).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  if (!value.is_structured()) {
    out += value.dump();
    return;
  }
  bool object = value.is_object();
  out += object ? '{' : '[';
  bool first = true;
  for (auto it = value.begin(); it != value.end() && out.size() < limit; ++it) {
    if (!first) out += ',';
    first = false;
    if (object) {
      append_preview(out, Json(it.key()), limit);
      out += ':';
    }
    append_preview(out, it.value(), limit);
  }
  if (out.size() < limit) out += object ? '}' : ']';
}

// A value as a message quotes it, cut short.
std::string shown(const Json& value) {
  std::string text;
  append_preview(text, value, kShownValueChars + 1);
  if (text.size() <= kShownValueChars) return text;
  size_t cut = kShownValueChars - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return text.substr(0, cut) + "...";
}

// Appends one reference token to a JSON pointer (RFC 6901 escapes).
void append_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (char c : token) {
    if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer += c;
  }
}

// a < b for two JSON numbers, exactly for integers.
bool less_than(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    if (a.is_number_unsigned() != b.is_number_unsigned()) return !a.is_number_unsigned();
    return a.is_number_unsigned() ? a.get<uint64_t>() < b.get<uint64_t>() : a.get<int64_t>() < b.get<int64_t>();
  }
  return a.get<double>() < b.get<double>();
}

// Turns schema JSON into Nodes; `where` is always the JSON pointer of the
// subschema, so that a $ref to it finds the same Node.
class Compiler {
 public:
  explicit Compiler(JsonSchema::Compiled& compiled) : c_(compiled) {}

  Node* compile(const Json& schema, const std::string& where) {
    if (auto it = c_.by_pointer.find(where); it != c_.by_pointer.end()) return it->second;
    Node& node = *c_.nodes.emplace_back(std::make_unique<Node>());
    c_.by_pointer[where] = &node;
    if (schema.is_boolean()) {
      node.constant = schema.get<bool>();
      return &node;
    }
    if (!schema.is_object()) fail(where, "a schema must be an object or a boolean, not " + shown(schema));
    for (const auto& [key, value] : schema.items()) keyword(node, key, value, where);
    return &node;
  }

  // Points every $ref at its Node, compiling targets no keyword reached.
  void resolve_refs() {
    for (size_t i = 0; i < c_.nodes.size(); ++i) {  // compile() may add nodes
      Node& node = *c_.nodes[i];
      if (!node.ref_pointer || node.ref) continue;
      const std::string& target = *node.ref_pointer;
      Json::json_pointer pointer;
      try {
        pointer = Json::json_pointer(target);
      } catch (const Json::exception&) {
        fail(target, "\"$ref\": \"#" + target + "\" is not a JSON pointer");
      }
      if (!c_.document.contains(pointer)) fail(target, "\"$ref\": \"#" + target + "\" points at nothing");
      node.ref = compile(c_.document.at(pointer), target);
    }
  }

 private:
  [[noreturn]] static void fail(const std::string& where, const std::string& what) {
    throw std::invalid_argument("JSON Schema at \"#" + where + "\": " + what);
  }

  const Node* sub(const Json& schema, const std::string& where, std::string_view key) {
    std::string place = where;
    append_token(place, key);
    return compile(schema, place);
  }

  std::vector<const Node*> list(const Json& value, const std::string& where, const std::string& key) {
    if (!value.is_array() || value.empty()) fail(where, "\"" + key + "\" must be a non-empty array of schemas");
    std::vector<const Node*> nodes;
    std::string place = where;
    append_token(place, key);
    for (size_t i = 0; i < value.size(); ++i) nodes.push_back(sub(value[i], place, std::to_string(i)));
    return nodes;
  }

  static unsigned type_bit(const Json& name, const std::string& where) {
    if (name.is_string()) {
      for (const auto& [word, bit] : kTypeNames) {
        if (name == word) return bit;
      }
    }
    fail(where, "unknown type " + shown(name));
  }

  void keyword(Node& node, const std::string& key, const Json& value, const std::string& where) {
    if (key == "title" || key == "description" || key == "$comment" || key == "default" || key == "examples") {
      return;
    }
    if (key == "$schema") {
      if (!where.empty() || value != kDraft202012) {
        fail(where, "only a top-level \"$schema\": \"" + std::string(kDraft202012) + "\" is supported");
      }
    } else if (key == "$id") {
      // A nested $id would start a new base URI for the $refs under it.
      if (!where.empty() || !value.is_string()) fail(where, "only a top-level \"$id\" is supported");
    } else if (key == "$defs") {
      if (!value.is_object()) fail(where, "\"$defs\" must be an object");
      std::string place = where + "/$defs";
      for (const auto& [name, schema] : value.items()) sub(schema, place, name);
    } else if (key == "$ref") {
      if (!value.is_string() || !value.get_ref<const std::string&>().starts_with("#")) {
        fail(where, "\"$ref\" must point inside this document (\"#/$defs/name\"), got " + shown(value));
      }
      node.ref_pointer = value.get<std::string>().substr(1);
    } else if (key == "type") {
      std::vector<std::string> words;
      for (const Json& name : value.is_array() ? value : Json::array({value})) {
        node.types |= type_bit(name, where);
        words.push_back(name.get<std::string>());
      }
      if (node.types == 0) fail(where, "\"type\" must name at least one type");
      node.type_words = either(words);
    } else if (key == "const") {
      node.const_value = value;
    } else if (key == "enum") {
      if (!value.is_array() || value.empty()) fail(where, "\"enum\" must be a non-empty array");
      node.enum_values = value.get<std::vector<Json>>();
    } else if (key == "properties") {
      if (!value.is_object()) fail(where, "\"properties\" must be an object");
      std::string place = where + "/properties";
      for (const auto& [name, schema] : value.items()) node.properties.emplace_back(name, sub(schema, place, name));
    } else if (key == "required") {
      if (!value.is_array()) fail(where, "\"required\" must be an array of names");
      for (const Json& name : value) {
        if (!name.is_string()) fail(where, "\"required\" must be an array of names");
        node.required.push_back(name.get<std::string>());
      }
    } else if (key == "additionalProperties") {
      node.additional_properties = sub(value, where, key);
    } else if (key == "items") {
      node.items = sub(value, where, key);
    } else if (key == "prefixItems") {
      node.prefix_items = list(value, where, key);
    } else if (key == "uniqueItems") {
      if (!value.is_boolean()) fail(where, "\"uniqueItems\" must be true or false");
      node.unique_items = value.get<bool>();
    } else if (key == "minimum") {
      if (!value.is_number()) fail(where, "\"minimum\" must be a number");
      node.minimum = value;
    } else if (key == "allOf") {
      node.all_of = list(value, where, key);
    } else if (key == "anyOf") {
      node.any_of = list(value, where, key);
    } else if (key == "oneOf") {
      node.one_of = list(value, where, key);
    } else if (key == "if") {
      node.if_schema = sub(value, where, key);
    } else if (key == "then") {
      node.then_schema = sub(value, where, key);
    } else if (key == "else") {
      node.else_schema = sub(value, where, key);
    } else {
      fail(where, "keyword \"" + key + "\" is not supported by corosim's validator (sim/check/json_schema.h)");
    }
  }

  JsonSchema::Compiled& c_;
};

// True when checking the elements of an array one by one against `node`'s
// items is the whole of checking the array: a type "array" and an items
// schema, nothing else.
bool checks_only_items(const Node& node) {
  return node.types == kArray && node.items && !node.constant && !node.const_value && !node.enum_values &&
         node.properties.empty() && node.required.empty() && !node.additional_properties &&
         node.prefix_items.empty() && !node.unique_items && !node.minimum && node.all_of.empty() &&
         node.any_of.empty() && node.one_of.empty() && !node.if_schema && !node.ref_pointer;
}

// True when the root's members are checked only by their own schemas, so a
// member whose elements were checked as they were parsed can be left empty.
bool checks_members_separately(const Node& root) {
  return !root.constant && !root.const_value && !root.enum_values && !root.additional_properties &&
         root.all_of.empty() && root.any_of.empty() && root.one_of.empty() && !root.if_schema &&
         !root.ref_pointer;
}

// Walks an instance and a schema together.
class Checker {
 public:
  // `out` null: only the verdict is wanted, and checking stops at the first
  // violation.
  Checker(SchemaViolations* out, std::string pointer) : out_(out), pointer_(std::move(pointer)) {}

  bool check(const Node& n, const Json& v) {
    if (n.constant) {
      if (*n.constant) return true;
      report([] { return std::string("no value is allowed here"); });
      return false;
    }
    bool ok = true;
    // Records a violation; false when checking should stop.
    auto violated = [&](auto&& message) {
      ok = false;
      return report(message);
    };
    if (n.types && !has_type(v, n.types) &&
        !violated([&] { return "expected " + n.type_words + ", got " + type_name(v); })) {
      return false;
    }
    if (n.const_value && v != *n.const_value &&
        !violated([&] { return "expected " + shown(*n.const_value) + ", got " + shown(v); })) {
      return false;
    }
    if (n.enum_values && !in_enum(*n.enum_values, v) && !violated([&] { return enum_message(*n.enum_values, v); })) {
      return false;
    }
    if (n.minimum && v.is_number() && less_than(v, *n.minimum) &&
        !violated([&] { return "expected a number >= " + shown(*n.minimum) + ", got " + shown(v); })) {
      return false;
    }
    if (v.is_object() && !check_object(n, v)) {
      ok = false;
      if (!out_) return false;
    }
    if (v.is_array() && !check_array(n, v)) {
      ok = false;
      if (!out_) return false;
    }
    for (const Node* all : n.all_of) {
      if (!check(*all, v)) {
        ok = false;
        if (!out_) return false;
      }
    }
    if (!n.any_of.empty() && count_matches(n.any_of, v, 1) == 0 &&
        !violated([&] { return "matches none of the alternatives of anyOf" + alternatives(n.any_of, v); })) {
      return false;
    }
    if (!n.one_of.empty()) {
      size_t matches = count_matches(n.one_of, v, 2);
      if (matches == 0 &&
          !violated([&] { return "matches none of the alternatives of oneOf" + alternatives(n.one_of, v); })) {
        return false;
      }
      if (matches > 1 && !violated([] { return std::string("matches more than one alternative of oneOf"); })) {
        return false;
      }
    }
    if (n.if_schema) {
      const Node* branch = verdict(*n.if_schema, v) ? n.then_schema : n.else_schema;
      if (branch && !check(*branch, v)) {
        ok = false;
        if (!out_) return false;
      }
    }
    if (n.ref && !check(*n.ref, v)) ok = false;
    return ok;
  }

 private:
  // Records a violation at the current place; false when checking should
  // stop. The message is only built when it is kept.
  template <typename MakeMessage>
  bool report(MakeMessage&& make_message) {
    if (!out_) return false;
    out_->add(pointer_, make_message());
    return true;
  }

  // Checks `v` at `token` below the current place.
  bool check_below(const Node& n, const Json& v, std::string_view token) {
    size_t length = pointer_.size();
    append_token(pointer_, token);
    bool ok = check(n, v);
    pointer_.resize(length);
    return ok;
  }

  bool verdict(const Node& n, const Json& v) {
    SchemaViolations* saved = std::exchange(out_, nullptr);
    bool ok = check(n, v);
    out_ = saved;
    return ok;
  }

  bool check_object(const Node& n, const Json& v) {
    bool ok = true;
    for (const auto& [key, schema] : n.properties) {
      auto it = v.find(key);
      if (it != v.end() && !check_below(*schema, *it, key)) {
        ok = false;
        if (!out_) return false;
      }
    }
    for (const std::string& key : n.required) {
      if (!v.contains(key)) {
        ok = false;
        if (!report([&] { return "missing property \"" + key + "\""; })) return false;
      }
    }
    if (n.additional_properties) {
      for (const auto& [key, value] : v.items()) {
        bool listed = false;
        for (const auto& property : n.properties) listed = listed || property.first == key;
        if (!listed && !check_below(*n.additional_properties, value, key)) {
          ok = false;
          if (!out_) return false;
        }
      }
    }
    return ok;
  }

  bool check_array(const Node& n, const Json& v) {
    bool ok = true;
    for (size_t i = 0; i < v.size(); ++i) {
      const Node* schema = i < n.prefix_items.size() ? n.prefix_items[i] : n.items;
      if (schema && !check_below(*schema, v[i], std::to_string(i))) {
        ok = false;
        if (!out_) return false;
      }
    }
    if (n.unique_items) {
      if (auto pair = duplicate(v)) {
        ok = false;
        report([&] {
          return "items " + std::to_string(pair->first) + " and " + std::to_string(pair->second) +
                 " are equal; expected no duplicates";
        });
      }
    }
    return ok;
  }

  // The first two equal items of `v` (by index), if any.
  static std::optional<std::pair<size_t, size_t>> duplicate(const Json& v) {
    std::vector<size_t> order(v.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::optional<std::pair<size_t, size_t>> first;
    for (size_t k = 1; k < order.size(); ++k) {
      if (v[order[k - 1]] != v[order[k]]) continue;
      std::pair<size_t, size_t> pair = std::minmax(order[k - 1], order[k]);
      if (!first || pair.second < first->second) first = pair;
    }
    return first;
  }

  static bool in_enum(const std::vector<Json>& values, const Json& v) {
    for (const Json& value : values) {
      if (v == value) return true;
    }
    return false;
  }

  static std::string enum_message(const std::vector<Json>& values, const Json& v) {
    std::vector<std::string> words;
    for (const Json& value : values) words.push_back(shown(value));
    return "expected " + either(words) + ", got " + shown(v);
  }

  // How many of `schemas` `v` matches, counting up to `enough`.
  size_t count_matches(const std::vector<const Node*>& schemas, const Json& v, size_t enough) {
    size_t matches = 0;
    for (const Node* schema : schemas) {
      if (verdict(*schema, v) && ++matches == enough) break;
    }
    return matches;
  }

  // " (1: WHY; 2: WHY)": why each alternative failed, its first violation.
  std::string alternatives(const std::vector<const Node*>& schemas, const Json& v) const {
    std::string text = " (";
    for (size_t i = 0; i < schemas.size(); ++i) {
      SchemaViolations why(1);
      Checker(&why, pointer_).check(*schemas[i], v);
      if (i > 0) text += "; ";
      text += std::to_string(i + 1) + ": ";
      if (why.empty()) continue;
      const SchemaViolation& first = why.first().front();
      if (first.pointer != pointer_) text += first.pointer + ": ";
      text += first.message;
    }
    return text + ")";
  }

  SchemaViolations* out_;
  std::string pointer_;
};

// As the trace reader says it (sim/trace/json_scanner.cpp).
std::string nested_too_deeply() { return "nested more than " + std::to_string(kMaxJsonDepth) + " levels deep"; }

// The error for `text`, which nests deeper than kMaxJsonDepth: where the
// first container too deep opens. The parser has read the text up to there,
// so it is JSON so far, and brackets inside strings are the only ones to skip.
JsonError too_deep(std::string_view text) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (depth++ == kMaxJsonDepth) return {JsonError::Kind::kLimit, i, nested_too_deeply()};
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return {JsonError::Kind::kLimit, text.size(), nested_too_deeply()};
}

}  // namespace

void SchemaViolations::add(std::string pointer, std::string message) {
  // Two rules may say the same of one value (an id must be >= 1 for any
  // event and again for a resume): once is enough.
  if (total_ > 0 && last_.pointer == pointer && last_.message == message) return;
  ++total_;
  last_ = {std::move(pointer), std::move(message)};
  if (first_.size() < keep_) first_.push_back(last_);
}

void SchemaViolations::append(const SchemaViolations& other) {
  for (const SchemaViolation& v : other.first_) {
    if (first_.size() < keep_) first_.push_back(v);
  }
  total_ += other.total_;
  if (other.total_ > 0) last_ = other.last_;
}

JsonSchema::JsonSchema(const Json& schema) : compiled_(std::make_unique<Compiled>()) {
  compiled_->document = schema;
  Compiler compiler(*compiled_);
  compiled_->root = compiler.compile(compiled_->document, "");
  compiler.resolve_refs();
  const Node& root = *compiled_->root;
  if (!checks_members_separately(root)) return;
  for (const auto& [key, member] : root.properties) {
    if (checks_only_items(*member)) compiled_->streamed[key] = member->items;
  }
}

JsonSchema::~JsonSchema() = default;
JsonSchema::JsonSchema(JsonSchema&&) noexcept = default;
JsonSchema& JsonSchema::operator=(JsonSchema&&) noexcept = default;

void JsonSchema::validate(const Json& instance, SchemaViolations& out) const {
  Checker(&out, "").check(*compiled_->root, instance);
}

std::map<std::string, size_t> JsonSchema::validate_text(std::string_view text, SchemaViolations& out) const {
  SchemaViolations elements(out.keep());
  const Compiled& c = *compiled_;
  bool root_is_object = false;
  std::string key;                 // the top-level member being parsed
  const Node* streaming = nullptr;  // its elements' schema, when it is a streamed array
  std::map<std::string, size_t> lengths;
  Json root = Json::parse(text.begin(), text.end(), [&](int depth, Json::parse_event_t event, Json& parsed) {
    using Event = Json::parse_event_t;
    if ((event == Event::object_start || event == Event::array_start) && static_cast<size_t>(depth) >= kMaxJsonDepth) {
      throw too_deep(text);
    }
    if (depth == 0) {
      if (event == Event::object_start) root_is_object = true;
      return true;
    }
    if (!root_is_object) return true;
    if (depth == 1) {
      if (event == Event::key) {
        key = parsed.get<std::string>();
        streaming = nullptr;
      } else if (event == Event::array_start) {
        auto it = c.streamed.find(key);
        streaming = it == c.streamed.end() ? nullptr : it->second;
        if (streaming) lengths[key] = 0;
      }
      return true;
    }
    // Depth 2 ends the elements of a top-level member (their keys are at 3).
    if (depth != 2 || !streaming || event == Event::object_start || event == Event::array_start) return true;
    std::string pointer;
    append_token(pointer, key);
    append_token(pointer, std::to_string(lengths[key]++));
    Checker(&elements, std::move(pointer)).check(*streaming, parsed);
    return false;
  });
  validate(root, out);
  out.append(elements);
  return lengths;
}

}  // namespace corosim
