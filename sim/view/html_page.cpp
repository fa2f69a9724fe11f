#include "sim/view/html_page.h"

#include <cstddef>

#include "sim/view/columnar.h"

namespace corosim {

// Defined in the build directory's viewer_html.cpp, which
// cmake/embed_file.cmake generates from web-viewer/dist/viewer.html.
extern const unsigned char kViewerHtml[];
extern const std::size_t kViewerHtmlSize;

std::string_view embedded_viewer_html() {
  return std::string_view(reinterpret_cast<const char*>(kViewerHtml), kViewerHtmlSize);
}

HtmlPage html_page_from(std::string_view viewer, const Trace& trace) {
  HtmlPage page;
  size_t at = viewer.find(kTraceDataElement);
  if (at == std::string_view::npos || viewer.find(kTraceDataElement, at + 1) != std::string_view::npos) {
    page.error = "the viewer page must contain " + std::string(kTraceDataElement) +
                 " exactly once; this corosim was built from a broken web-viewer/dist/viewer.html";
    return page;
  }
  // Between the element's '>' and its "</script>".
  size_t insert_at = at + kTraceDataElement.size() - std::string_view("</script>").size();
  std::string data = columnar_json(trace);
  page.html.reserve(viewer.size() + data.size());
  page.html.append(viewer.substr(0, insert_at));
  page.html += data;
  page.html.append(viewer.substr(insert_at));
  return page;
}

HtmlPage html_page(const Trace& trace) { return html_page_from(embedded_viewer_html(), trace); }

}  // namespace corosim
