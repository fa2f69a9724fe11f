#include "cli/junit_report.h"

#include <doctest/doctest.h>

namespace corosim {
namespace {

CheckResult result(std::string program, CheckResult::Status status, std::string summary, std::string output,
                   double seconds) {
  CheckResult r;
  r.program = std::move(program);
  r.status = status;
  r.summary = std::move(summary);
  r.output = std::move(output);
  r.seconds = seconds;
  return r;
}

TEST_CASE("xml_escape escapes markup and keeps out what XML 1.0 cannot hold") {
  CHECK(xml_escape("a<b>&\"'", false) == "a&lt;b&gt;&amp;\"'");
  CHECK(xml_escape("a<b>&\"'", true) == "a&lt;b&gt;&amp;&quot;'");
  CHECK(xml_escape("x\ty\nz\r", false) == "x\ty\nz&#13;");
  CHECK(xml_escape("x\ty\nz\r", true) == "x&#9;y&#10;z&#13;");
  CHECK(xml_escape("esc\x1b[31m nul", false) == "esc\xEF\xBF\xBD[31m nul");
  CHECK(xml_escape(std::string("a\0b", 3), true) == "a\xEF\xBF\xBD" "b");
  CHECK(xml_escape("caf\xC3\xA9 \xE2\x9C\x93", false) == "caf\xC3\xA9 \xE2\x9C\x93");  // UTF-8 kept
  CHECK(xml_escape("bad \xFF byte", false) == "bad \xEF\xBF\xBD byte");
  CHECK(xml_escape("surrogate \xED\xA0\x80", false) == "surrogate \xEF\xBF\xBD");
  CHECK(xml_escape("\xEF\xBF\xBF", false) == "\xEF\xBF\xBD");  // U+FFFF is not a character
}

TEST_CASE("junit_xml has a testcase per program, failures and errors with their reports") {
  std::vector<CheckResult> results = {
      result("scenarios/a.py", CheckResult::Status::kPassed, "", "PASS scenarios/a.py\n", 0.25),
      result("scenarios/deep/b.py", CheckResult::Status::kFailed, "at t=2 s: expected <x> & \"y\"",
             "FAIL scenarios/deep/b.py: at t=2 s\n  context\x01\n", 1.5),
      result("c.py", CheckResult::Status::kUnusable, "c.py:1:1: syntax error", "c.py:1:1: syntax error\n", 0),
  };
  CHECK(junit_xml(results, 2.0005, "project") ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"corosim test\" tests=\"3\" failures=\"1\" errors=\"1\" time=\"2.001\">\n"
        "  <testsuite name=\"corosim test\" tests=\"3\" failures=\"1\" errors=\"1\" time=\"2.001\" skipped=\"0\">\n"
        "    <testcase classname=\"scenarios\" name=\"a.py\" time=\"0.250\"/>\n"
        "    <testcase classname=\"scenarios/deep\" name=\"b.py\" time=\"1.500\">\n"
        "      <failure message=\"at t=2 s: expected &lt;x&gt; &amp; &quot;y&quot;\">"
        "FAIL scenarios/deep/b.py: at t=2 s\n  context\xEF\xBF\xBD\n</failure>\n"
        "    </testcase>\n"
        "    <testcase classname=\"project\" name=\"c.py\" time=\"0.000\">\n"
        "      <error message=\"c.py:1:1: syntax error\">c.py:1:1: syntax error\n</error>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
}

}  // namespace
}  // namespace corosim
