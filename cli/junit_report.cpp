#include "cli/junit_report.h"

#include <cstdio>
#include <filesystem>

#include "sim/util/utf8.h"

namespace corosim {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;

// XML 1.0's Char production.
bool is_xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

std::string attribute(const char* name, std::string_view value) {
  return std::string(" ") + name + "=\"" + xml_escape(value, true) + "\"";
}

void append_testcase(std::string& xml, const CheckResult& result, const std::string& current_directory) {
  std::filesystem::path path(result.program);
  std::string directory = path.parent_path().string();
  xml += "    <testcase" + attribute("classname", directory.empty() ? current_directory : directory) +
         attribute("name", path.filename().string()) + attribute("time", seconds_text(result.seconds));
  if (result.status == CheckResult::Status::kPassed) {
    xml += "/>\n";
    return;
  }
  const char* element = result.status == CheckResult::Status::kUnusable ? "error" : "failure";
  xml += ">\n      <" + std::string(element) + attribute("message", result.summary) + ">" +
         xml_escape(result.output, false) + "</" + element + ">\n    </testcase>\n";
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = decode_utf8_lossy(text, i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      // An attribute's value is normalised on reading: whitespace survives
      // only as a character reference.
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      default: append_utf8(out, is_xml_char(cp) ? cp : kReplacement);
    }
  }
  return out;
}

std::string junit_xml(const std::vector<CheckResult>& results, double seconds,
                      const std::string& current_directory) {
  size_t failures = 0, errors = 0;
  for (const CheckResult& result : results) {
    if (result.status == CheckResult::Status::kFailed) ++failures;
    if (result.status == CheckResult::Status::kUnusable) ++errors;
  }
  std::string counts = attribute("tests", std::to_string(results.size())) +
                       attribute("failures", std::to_string(failures)) +
                       attribute("errors", std::to_string(errors)) + attribute("time", seconds_text(seconds));
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites" + attribute("name", "corosim test") + counts + ">\n";
  xml += "  <testsuite" + attribute("name", "corosim test") + counts + attribute("skipped", "0") + ">\n";
  for (const CheckResult& result : results) append_testcase(xml, result, current_directory);
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace corosim
