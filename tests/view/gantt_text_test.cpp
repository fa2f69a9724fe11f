#include "sim/view/gantt_text.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

using testing::TraceBuilder;

// The output's lines as code points (one per terminal column).
std::vector<std::u32string> lines_of(const std::string& text) {
  std::vector<std::u32string> lines(1);
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int extra = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + size_t(k)]) & 0x3F);
    i += size_t(extra) + 1;
    if (cp == U'\n') lines.emplace_back();
    else lines.back() += cp;
  }
  REQUIRE(lines.back().empty());  // every line ends in '\n'
  lines.pop_back();
  return lines;
}

// The row whose label starts with `label` (after indentation).
const std::u32string& row(const std::vector<std::u32string>& lines, const std::u32string& label) {
  for (const std::u32string& line : lines) {
    size_t start = line.find_first_not_of(U' ');
    if (start != std::u32string::npos && line.compare(start, label.size(), label) == 0) return line;
  }
  FAIL("no row labelled with the given text");
  static std::u32string none;
  return none;
}

bool is_bar(char32_t c) {
  return c == U'\u2588' || c == U'\u2502' || c == U'\u2503' || c == U'\u2591' || c == U'\u2592' ||
         c == U'\u2593' || c == U'\u2504' || c == U'\u00B7';
}

// Column of the last bar glyph of a row.
size_t bar_end(const std::u32string& line) {
  for (size_t c = line.size(); c-- > 0;)
    if (is_bar(line[c])) return c;
  return std::u32string::npos;
}

// The line of tick labels, under the axis.
const std::u32string& tick_labels(const std::vector<std::u32string>& lines) {
  for (size_t i = 1; i < lines.size(); ++i)
    if (lines[i - 1].find(U'\u2534') != std::u32string::npos) return lines[i];
  FAIL("no axis");
  return lines[0];
}

// The column of the tick labelled `label`: labels start at their tick.
size_t tick_col(const std::vector<std::u32string>& lines, const std::u32string& label) {
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i - 1].find(U'\u2534') == std::u32string::npos) continue;
    std::u32string padded = U" " + lines[i] + U" ";
    size_t at = padded.find(U" " + label + U" ");
    REQUIRE(at != std::u32string::npos);
    CHECK(lines[i - 1][at] == U'\u2534');  // the axis has a tick there
    return at;
  }
  FAIL("no axis");
  return 0;
}

// Seed example 2 as its trace records it.
Trace seed_2() {
  TraceBuilder b("scenarios/seed/02_create_task.py");
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId t1 = b.create(0, "sleep", main);
  TaskId t2 = b.create(0, "sleep", main);
  b.print(0, main, "started at 00:00:00\n");
  b.await_task(0, main, t1);
  b.resume(0, t1);
  b.sleep(0, t1, 2);
  b.resume(0, t2);
  b.sleep(0, t2, 4);
  b.resume(2, t1);
  b.done(2, t1);
  b.resume(2, main);
  b.await_task(2, main, t2);
  b.resume(4, t2);
  b.done(4, t2);
  b.resume(4, main);
  b.done(4, main);
  for (const char* coro : {"BaseEventLoop.shutdown_asyncgens", "BaseEventLoop.shutdown_default_executor"}) {
    TaskId internal = b.create_internal(4, coro);
    b.resume(4, internal);
    b.done(4, internal);
  }
  return b.finish(4);
}

TEST_CASE("in seed example 2 the bars end at the columns of the 2 s and 4 s ticks") {
  for (int width : {40, 61, 80, 100, 137, 200}) {
    CAPTURE(width);
    std::vector<std::u32string> lines = lines_of(render_gantt(seed_2(), GanttOptions{width}));
    const std::u32string& task2 = row(lines, U"Task-2");
    const std::u32string& task3 = row(lines, U"Task-3");
    CHECK(bar_end(task2) == tick_col(lines, U"2s"));
    CHECK(bar_end(task3) == tick_col(lines, U"4s"));
    CHECK(task2[bar_end(task2) + 1] == U'\u2713');
    CHECK(task2.find(U'\u2591') != std::u32string::npos);  // sleeping
    const std::u32string& main = row(lines, U"Task-1 main");
    CHECK(main.find(U'\u2592') != std::u32string::npos);  // waiting on a task
    CHECK(bar_end(main) == tick_col(lines, U"4s"));
  }
}

TEST_CASE("the header names the program, outcome, end time and the figures") {
  std::vector<std::u32string> lines = lines_of(render_gantt(seed_2(), GanttOptions{}));
  CHECK(lines[0] == U"scenarios/seed/02_create_task.py");
  CHECK(lines[1] == U"ok \u00B7 end 4s \u00B7 3 tasks (+2 internal hidden) \u00B7 9 steps \u00B7 peak 3 live"
                    U" \u00B7 loop busy 0%");
}

TEST_CASE("no line is wider than the width, which is at least 40") {
  for (int width : {-5, 0, 10, 39, 40, 41, 55, 100, 250}) {
    CAPTURE(width);
    for (bool color : {false, true}) {
      std::string text = render_gantt(seed_2(), GanttOptions{width, false, color});
      for (const std::u32string& line : lines_of(text)) CHECK(line.size() <= size_t(std::max(width, 40)));
    }
  }
}

TEST_CASE("without colour there is no escape code; with colour every line ends with colours reset") {
  std::string plain = render_gantt(seed_2(), GanttOptions{100, false});
  CHECK(plain.find('\x1b') == std::string::npos);
  std::string colored = render_gantt(seed_2(), GanttOptions{100, true});
  CHECK(colored.find("\x1b[34m") != std::string::npos);  // sleep
  CHECK(colored.find("\x1b[35m") != std::string::npos);  // task wait
  std::string stripped;
  for (size_t i = 0; i < colored.size(); ++i) {
    if (colored[i] == '\x1b') {
      i = colored.find('m', i);
      continue;
    }
    stripped += colored[i];
  }
  // The same chart; only the legend tells task and gather waits apart by colour.
  auto chart = [](const std::string& text) { return text.substr(0, text.find("\n\u2502 step")); };
  CHECK(chart(stripped) == chart(plain));
  CHECK(plain.find("await task/gather") != std::string::npos);
  CHECK(stripped.find("await task  \u2592 gather") != std::string::npos);
  size_t begin = 0;
  while (begin < colored.size()) {
    size_t end = colored.find('\n', begin);
    std::string line = colored.substr(begin, end - begin);
    size_t last_escape = line.rfind('\x1b');
    if (last_escape != std::string::npos) CHECK(line.substr(last_escape, 4) == "\x1b[0m");
    begin = end + 1;
  }
}

TEST_CASE("internal tasks are hidden unless all tasks are asked for") {
  std::string shown = render_gantt(seed_2(), GanttOptions{200, false, true});
  std::string hidden = render_gantt(seed_2(), GanttOptions{200, false, false});
  CHECK(hidden.find("shutdown_asyncgens") == std::string::npos);
  CHECK(shown.find("Task-4 BaseEventLoop.shutdown_asyncgens") != std::string::npos);
  CHECK(shown.find("(+2 internal hidden)") == std::string::npos);
  CHECK(lines_of(shown).size() == lines_of(hidden).size() + 2);
}

TEST_CASE("rows follow creation order, each task indented under the task that created it") {
  TraceBuilder b;
  TaskId a = b.create(0, "a");
  b.resume(0, a);
  TaskId c1 = b.create(0, "b", a);
  b.create(0, "c", a);
  b.await_future(0, a);
  b.resume(0, c1);
  b.create(0, "d", c1);
  b.await_future(0, c1);
  std::vector<std::u32string> lines = lines_of(render_gantt(b.finish(1), GanttOptions{}));
  std::vector<std::u32string> labels;
  for (const std::u32string& line : lines)
    if (line.find(U"Task-") != std::u32string::npos) labels.push_back(line.substr(0, line.find(U' ', line.find(U"Task-")) + 2));
  CHECK(labels == std::vector<std::u32string>{U"Task-1 a", U"  Task-2 b", U"    Task-4 d", U"  Task-3 c"});
}

TEST_CASE("a parent the trace does not list, or created later, makes a root row (a Trace built by hand)") {
  TraceBuilder b;
  TaskId a = b.create(0, "a");
  TaskId c = b.create(0, "c", a);
  b.resume(0, c);
  b.await_future(0, c);
  Trace trace = b.finish(1);
  trace.tasks[0].parent = c;   // created after it
  trace.tasks[1].parent = 99;  // no such task
  trace.events[2].task = 99;
  std::vector<std::u32string> lines = lines_of(render_gantt(trace, GanttOptions{}));
  CHECK(row(lines, U"Task-1 a").find(U"Task-1") == 0);
  CHECK(row(lines, U"Task-2 c").find(U"Task-2") == 0);
}

WaitsOn in_call(std::string primitive, int64_t object) {
  WaitsOn w;
  w.primitive = std::move(primitive);
  w.object = object;
  w.line = 7;
  return w;
}

TEST_CASE("under the legend, the library calls tasks waited in and who waited there, in order of first appearance") {
  TraceBuilder b;
  TaskId main = b.create(0);
  TaskId first = b.create(0, "worker", main);
  TaskId second = b.create(0, "worker", main);
  TaskId internal = b.create_internal(0, "BaseEventLoop.shutdown_asyncgens");
  b.resume(0, main);
  b.suspend(0, main, in_call("wait_for", 0));
  b.resume(0, first);
  b.suspend(0, first, in_call("queue_get", 2));
  b.resume(0, second);
  b.suspend(0, second, in_call("lock", 1));
  b.resume(1, first);
  b.suspend(1, first, in_call("lock", 1));
  b.resume(1, second);
  b.suspend(1, second, in_call("lock", 1));
  b.resume(1, internal);
  b.suspend(1, internal, in_call("event", 3));
  Trace trace = b.finish(2);
  std::vector<std::u32string> lines = lines_of(render_gantt(trace, GanttOptions{100}));
  CHECK(lines.back() == U"waited in wait_for: Task-1 \u00B7 queue_get #2: Task-2 \u00B7 lock #1: Task-3, Task-2");
  CHECK(lines[lines.size() - 2].find(U"pending") != std::u32string::npos);  // the legend's end
  std::vector<std::u32string> all = lines_of(render_gantt(trace, GanttOptions{100, false, true}));
  CHECK(all.back().find(U"event #3: Task-4") != std::u32string::npos);
  // Wrapped at the width like the header.
  std::vector<std::u32string> narrow = lines_of(render_gantt(trace, GanttOptions{40}));
  CHECK(narrow.back() == U"lock #1: Task-3, Task-2");
  for (const std::u32string& line : narrow) CHECK(line.size() <= 40);
}

TEST_CASE("a run without library-call waits ends with the legend") {
  std::vector<std::u32string> lines = lines_of(render_gantt(seed_2(), GanttOptions{100}));
  CHECK(lines.back().find(U"pending") != std::u32string::npos);
}

TEST_CASE("the final state follows the bar; a pending task's runs to the end") {
  TraceBuilder b;
  TaskId main = b.create(0);
  TaskId ok = b.create(0, "ok");
  TaskId bad = b.create(0, "bad");
  TaskId gone = b.create(0, "gone");
  b.resume(0, main);
  b.await_future(0, main);
  b.resume(0, ok);
  b.done(0, ok);
  b.resume(0, bad);
  b.fail(0, bad, "ValueError", "boom");
  b.cancel(0, gone, main);
  b.resume(0, gone);
  b.cancelled(0, gone);
  Outcome deadlock;
  deadlock.status = Outcome::Status::kDeadlock;
  deadlock.waiting = {main};
  std::vector<std::u32string> lines = lines_of(render_gantt(b.finish(3, deadlock), GanttOptions{60}));
  CHECK(lines[1].find(U"deadlock, waiting: Task-1") == 0);
  const std::u32string& pending = row(lines, U"Task-1");
  CHECK(pending.back() == U'\u2026');
  CHECK(pending.size() == 60);
  CHECK(pending[pending.size() - 2] == U'\u00B7');  // waiting on a future
  CHECK(row(lines, U"Task-2").back() == U'\u2713');
  CHECK(row(lines, U"Task-3").back() == U'\u2717');
  CHECK(row(lines, U"Task-4").back() == U'\u2298');
}

TEST_CASE("a blocking step is a solid bar on its task and the loop; starved sleepers are overdue") {
  TraceBuilder b;
  TaskId ticker = b.create(0, "ticker");
  TaskId hog = b.create(0, "hog");
  b.resume(0, ticker);
  b.sleep(0, ticker, 1);
  b.resume(0, hog);
  b.sleep(3, hog, 4);
  b.resume(3, ticker);
  b.done(3, ticker);
  b.resume(4, hog);
  b.done(4, hog);
  std::vector<std::u32string> lines = lines_of(render_gantt(b.finish(4), GanttOptions{100}));
  size_t t1 = tick_col(lines, U"1s"), t3 = tick_col(lines, U"3s");
  const std::u32string& loop = row(lines, U"event loop");
  const std::u32string& hog_row = row(lines, U"Task-2");
  const std::u32string& ticker_row = row(lines, U"Task-1");
  for (size_t c = tick_col(lines, U"0s"); c <= t3; ++c) {
    CHECK(loop[c] == U'\u2588');
    CHECK(hog_row[c] == U'\u2588');
  }
  CHECK(ticker_row[t1 - 1] == U'\u2591');
  for (size_t c = t1 + 1; c < t3; ++c) CHECK(ticker_row[c] == U'\u2593');
  CHECK(ticker_row[t3] == U'\u2502');
  CHECK(lines[1].find(U"loop busy 75%") != std::u32string::npos);
}

TEST_CASE("a run that ends at t=0 puts every step in the first column and says so") {
  TraceBuilder b("zero.py");
  TaskId main = b.create(0);
  b.resume(0, main);
  TaskId child = b.create(0, "child", main);
  b.yield(0, main);
  b.resume(0, child);
  b.done(0, child);
  b.resume(0, main);
  b.done(0, main);
  std::string text = render_gantt(b.finish(0), GanttOptions{50});
  std::vector<std::u32string> lines = lines_of(text);
  const std::u32string& loop = row(lines, U"event loop");
  size_t col0 = tick_col(lines, U"0s");
  CHECK(loop.size() == col0 + 1);
  CHECK(loop[col0] == U'\u2503');
  CHECK(row(lines, U"Task-1").substr(col0) == U"\u2503\u2713");
  CHECK(text.find("every event happened at t=0s") != std::string::npos);
}

TEST_CASE("tick labels are 1, 2 or 5 times a power of ten, without float noise") {
  struct Case {
    double end;
    std::u32string labels;
  };
  for (const Case& c : {Case{6, U"0s 1s 2s 3s 4s 5s 6s"}, Case{0.3, U"0ms 50ms 100ms 150ms 200ms 250ms 300ms"},
                        Case{0.7, U"0s 0.1s 0.2s 0.3s 0.4s 0.5s 0.6s 0.7s"},
                        Case{1e-5, U"0\u00b5s 2\u00b5s 4\u00b5s 6\u00b5s 8\u00b5s 10\u00b5s"},
                        Case{86400, U"0s 20000s 40000s 60000s 80000s"},
                        Case{12345.678, U"0s 2000s 4000s 6000s 8000s 10000s 12000s"}}) {
    double end = c.end;
    CAPTURE(end);
    TraceBuilder b;
    TaskId main = b.create(0);
    b.resume(0, main);
    b.sleep(0, main, end);
    b.resume(end, main);
    b.done(end, main);
    std::vector<std::u32string> lines = lines_of(render_gantt(b.finish(end), GanttOptions{100}));
    std::u32string labels = tick_labels(lines).substr(tick_col(lines, c.labels.substr(0, c.labels.find(U' '))));
    std::u32string words;
    for (char32_t ch : labels)
      if (ch != U' ' || (!words.empty() && words.back() != U' ')) words += ch;
    CHECK(words == c.labels);
  }
}

TEST_CASE("names and outcome text are reduced to safe single-width characters") {
  TraceBuilder b("evil\x1b]0;title\x07.py");
  b.create(0, "main", 0, "\x1b[31mred\x1b[0m\ttab\nnew");
  b.create(0, "c\xe6\xbc\xa2\xe5\xad\x97\xf0\x9f\x98\x80", 0, "e\xcc\x81-\xff\xc3-\xe2\x80\x8b-\xc3\xa9");
  Outcome error;
  error.status = Outcome::Status::kError;
  error.error_type = "ValueError";
  error.error_message = "\x1b[2J wiped";
  std::string text = render_gantt(b.finish(1, error), GanttOptions{120});
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find('\t') == std::string::npos);
  std::vector<std::u32string> lines = lines_of(text);
  CHECK(lines[0] == U"evil?]0;title?.py");
  CHECK(lines[1].find(U"error ValueError: \\x1b[2J wiped (raised outside any task)") == 0);
  CHECK(text.find("?[31mred?[0m?tab?new main") != std::string::npos);
  // Wide characters, emoji, combining and zero-width marks, broken UTF-8:
  // '?'; single-width letters such as é stay.
  CHECK(text.find("e?-?" "?-?-\xc3\xa9 c?" "?" "?") != std::string::npos);
  for (const std::u32string& line : lines) CHECK(line.size() <= 120);
}

}  // namespace
}  // namespace corosim
