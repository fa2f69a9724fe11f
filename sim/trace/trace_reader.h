// read_trace: a trace v1 file (README "Trace format, version 1") back into
// memory, checked like a careful reader: what `corosim view` renders.
#pragma once

#include <string>
#include <string_view>

#include "sim/trace/trace_model.h"

namespace corosim {

/// A trace, or why there is none.
struct TraceReadResult {
  Trace trace;
  /// "PATH: what is wrong" (for a JSON syntax error "PATH:LINE:COLUMN: ...");
  /// empty when the trace was read.
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Reads and checks the trace at `path`, a JSON file or that file gzipped
/// (then JSON errors give the line and column in the decompressed text). Kinds and fields a later minor
/// revision may add are ignored (the format's forward-compatibility rule); a
/// `version` other than 1 is refused. Keys may come in any order; one the
/// reader uses given twice is refused, as is a number beyond a double's range
/// ("PATH:LINE:COLUMN: number out of range: ..."). A null `until` reads as
/// +infinity, a null `finished` as NaN. One pass over the text (JsonScanner):
/// a 1,000,000-event file takes about half a second.
TraceReadResult read_trace(const std::string& path);

/// The same for the text of a file; `name` is what messages call it.
TraceReadResult parse_trace(std::string_view text, const std::string& name);

}  // namespace corosim
