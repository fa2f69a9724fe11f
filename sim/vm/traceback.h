// CPython's report of an uncaught exception:
//   Traceback (most recent call last):
//     File "prog.py", line 3, in main
//       source line, stripped
//   ValueError: message
// including the __cause__ / __context__ chains, without caret lines.
#pragma once

#include <functional>
#include <string>

#include "sim/runtime/object.h"

namespace corosim {

/// Returns the text of line `line` of `file` ("" when unknown).
using SourceLineLookup = std::function<std::string(const std::string& file, int line)>;

/// The full report, ending in "\n". `lines` may be empty (no source lines shown).
std::string format_exception(const Value& exc, const SourceLineLookup& lines = {});

/// "TypeName: message", or "TypeName" when str(exc) is empty (the last line of
/// a traceback, without "\n"). User classes print their qualname.
std::string format_exception_only(const Value& exc);

}  // namespace corosim
