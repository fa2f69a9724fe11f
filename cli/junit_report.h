// The JUnit XML report of `corosim test --junit FILE`, the format CI systems
// (GitLab, Jenkins, GitHub actions' test reporters) read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/test_runner.h"

namespace corosim {

/// One <testsuites> with one <testsuite name="corosim test">; per program a
/// <testcase classname="DIRECTORY" name="FILE.py" time="SECONDS">, with a
/// <failure> (failed) or <error> (unusable) whose message is the summary and
/// whose text is everything the check printed. `seconds`: the whole run. A
/// program in the current directory gets `current_directory` (its name) as
/// classname, which CI systems show better than ".".
std::string junit_xml(const std::vector<CheckResult>& results, double seconds,
                      const std::string& current_directory);

/// `text` escaped for XML 1.0 character data and attribute values: markup
/// characters as entities; tab, newline and carriage return as character
/// references in attributes; other control characters, which XML 1.0 cannot
/// hold at all, and bytes that are not UTF-8 as U+FFFD.
std::string xml_escape(std::string_view text, bool attribute);

}  // namespace corosim
