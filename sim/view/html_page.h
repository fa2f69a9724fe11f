// The self-contained HTML page of a trace: the viewer (web-viewer/dist/
// viewer.html, carried inside the corosim binary) with the trace's columnar
// JSON in its data element.
#pragma once

#include <string>
#include <string_view>

#include "sim/trace/trace_model.h"

namespace corosim {

/// The element of the viewer page that receives the data; it must occur
/// exactly once (web-viewer/README.md).
inline constexpr std::string_view kTraceDataElement =
    R"(<script type="application/json" id="corosim-trace"></script>)";

/// A page, or why there is none.
struct HtmlPage {
  std::string html;
  std::string error;  ///< empty when html holds the page
  bool ok() const { return error.empty(); }
};

/// The embedded viewer with `trace` inserted.
HtmlPage html_page(const Trace& trace);

/// The same with `viewer` as the page (tests use small pages). Fails unless
/// `viewer` contains kTraceDataElement exactly once.
HtmlPage html_page_from(std::string_view viewer, const Trace& trace);

/// web-viewer/dist/viewer.html as it was when corosim was built.
std::string_view embedded_viewer_html();

}  // namespace corosim
