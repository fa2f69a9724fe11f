// The columnar form of a trace (format "corosim-columnar", version 2): what
// the HTML page carries for the viewer. A string table and parallel arrays
// parse far faster in the browser than a million small objects; see the
// layout in columnar.cpp and web-viewer/README.md.
#pragma once

#include <string>

#include "sim/trace/trace_model.h"

namespace corosim {

/// The columnar JSON of `trace`: one object, numbers as trace v1 writes them,
/// every `<`, `>` and `&` written as \u003c, \u003e, \u0026 so the text can
/// sit inside a <script type="application/json"> element as it is.
std::string columnar_json(const Trace& trace);

}  // namespace corosim
