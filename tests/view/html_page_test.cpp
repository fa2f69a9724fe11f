#include "sim/view/html_page.h"

#include <doctest/doctest.h>

#include "sim/view/columnar.h"
#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

using testing::TraceBuilder;

constexpr std::string_view kDataOpen = R"(<script type="application/json" id="corosim-trace">)";

Trace xss_trace() {
  TraceBuilder b;
  TaskId t = b.create(0, "main", 0, "</script><img src=x onerror=alert(1)>");
  b.resume(0, t);
  b.print(0, t, "<!-- <script>alert(2)</script>\n");
  b.done(1, t, "'</SCRIPT >'");
  return b.finish(1);
}

// The text between the data element's start tag and the first "</script>"
// after it: what a browser takes as the element's content.
std::string data_in(const std::string& page) {
  size_t begin = page.find(kDataOpen);
  REQUIRE(begin != std::string::npos);
  begin += kDataOpen.size();
  return page.substr(begin, page.find("</script>", begin) - begin);
}

size_t count(std::string_view text, std::string_view part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST_CASE("the page is the embedded viewer with the trace's columnar JSON in its data element") {
  Trace trace = xss_trace();
  HtmlPage page = html_page(trace);
  REQUIRE_MESSAGE(page.ok(), page.error);
  std::string_view viewer = embedded_viewer_html();
  CHECK(count(viewer, kTraceDataElement) == 1);
  std::string data = columnar_json(trace);
  CHECK(page.html.size() == viewer.size() + data.size());
  CHECK(data_in(page.html) == data);
  size_t at = viewer.find(kTraceDataElement) + kDataOpen.size();
  CHECK(page.html.substr(0, at) == viewer.substr(0, at));
  CHECK(page.html.substr(at + data.size()) == viewer.substr(at));
}

TEST_CASE("a task named </script><img ...> stays data: no raw < in the data, no new element in the page") {
  HtmlPage page = html_page(xss_trace());
  REQUIRE(page.ok());
  std::string data = data_in(page.html);
  CHECK(data.find('<') == std::string::npos);
  CHECK(data.find("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e") != std::string::npos);
  std::string_view viewer = embedded_viewer_html();
  CHECK(count(page.html, "<img") == count(viewer, "<img"));
  CHECK(count(page.html, "</script") == count(viewer, "</script"));
  CHECK(count(page.html, "<!--") == count(viewer, "<!--"));
}

TEST_CASE("the page's first element in <head> is the Content-Security-Policy") {
  std::string page = html_page(xss_trace()).html;
  size_t head = page.find("<head>");
  REQUIRE(head != std::string::npos);
  size_t first = page.find_first_not_of(" \t\r\n", head + 6);
  CHECK(std::string_view(page).substr(first).starts_with(R"(<meta http-equiv="Content-Security-Policy" )"));
  size_t end = page.find('>', first);
  std::string meta = page.substr(first, end - first);
  CHECK(meta.find("default-src 'none'") != std::string::npos);
  CHECK(meta.find("require-trusted-types-for 'script'") != std::string::npos);
}

TEST_CASE("a viewer page without the data element, or with two, is refused") {
  Trace trace = xss_trace();
  HtmlPage none = html_page_from("<html><head></head><body></body></html>", trace);
  CHECK_FALSE(none.ok());
  CHECK(none.html.empty());
  CHECK(none.error.find("exactly once") != std::string::npos);
  std::string two = std::string(kTraceDataElement) + std::string(kTraceDataElement);
  CHECK_FALSE(html_page_from(two, trace).ok());
  HtmlPage one = html_page_from("a" + std::string(kTraceDataElement) + "b", trace);
  CHECK(one.html == "a" + std::string(kDataOpen) + columnar_json(trace) + "</script>b");
}

}  // namespace
}  // namespace corosim
