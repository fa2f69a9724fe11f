// The JSON Schema of trace format v1 (schema/corosim-trace-v1.schema.json,
// built into corosim) and checking a trace file against it: what
// `corosim validate` does.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sim/check/json_schema.h"

namespace corosim {

/// The schema's text, byte for byte as shipped in schema/.
std::string_view trace_schema_text();

/// The schema, compiled on first use. Throws std::invalid_argument if the
/// built-in schema uses what json_schema.h does not implement (a corosim bug
/// the unit tests catch).
const JsonSchema& trace_schema();

/// The verdict on one file.
struct TraceValidation {
  enum class Verdict { kValid, kInvalid, kUnusable };
  Verdict verdict = Verdict::kUnusable;
  /// kUnusable: one line naming the file and the reason ("t.json:3:17: not
  /// valid JSON: ...", "t.json: empty file, not a corosim trace").
  std::string error;
  /// kInvalid: what breaks the schema (the first few, and how many in all).
  SchemaViolations violations;
  /// kInvalid with no violations: what corosim's reader refuses in a trace
  /// the schema allows, one line naming the file ("t.json: tasks[1].id:
  /// expected 2 (ids are 1, 2, ... in order), got 7").
  std::string rejected;
  /// kValid and kInvalid: the lengths of "tasks" and "events" (0 when absent).
  size_t tasks = 0;
  size_t events = 0;

  explicit TraceValidation(size_t keep) : violations(keep) {}
};

/// Checks the file at `path` (JSON, or JSON gzipped as `corosim view` also
/// reads it; then line:column are in the decompressed text) against the
/// schema, then, when it holds, against the rules of corosim's reader
/// (read_trace) the schema cannot state, so a file is valid exactly when
/// every command reads it; keeps the first `keep` violations. A file that is
/// not JSON is unusable, with the reader's message. The schema is checked
/// one event at a time as they are parsed, with no tree of the file's values;
/// the reader's check then holds the trace as any command reading it does.
TraceValidation validate_trace_file(const std::string& path, size_t keep);

/// The same for the text of a file; `name` is what messages call it.
TraceValidation validate_trace_text(std::string_view text, const std::string& name, size_t keep);

}  // namespace corosim
