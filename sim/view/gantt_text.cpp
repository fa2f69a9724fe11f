#include "sim/view/gantt_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "sim/check/event_text.h"
#include "sim/runtime/unicode_printable.h"
#include "sim/util/utf8.h"
#include "sim/view/timeline.h"

namespace corosim {
namespace {

constexpr char32_t kEllipsis = U'\u2026';

enum class Style { kPlain, kDim, kBusy, kStep, kSleep, kTask, kGather, kYield, kFuture, kOverdue,
                   kDone, kFailed, kCancelled };

const char* ansi_code(Style style) {
  switch (style) {
    case Style::kPlain: return "0";
    case Style::kDim: return "2";
    case Style::kBusy: return "1;97";
    case Style::kStep: return "1";
    case Style::kSleep: return "34";
    case Style::kTask: return "35";
    case Style::kGather: return "36";
    case Style::kYield: return "33";
    case Style::kFuture: return "90";
    case Style::kOverdue: return "91";
    case Style::kDone: return "32";
    case Style::kFailed: return "31";
    case Style::kCancelled: return "33";
  }
  return "0";
}

// Scripts and symbols that every terminal draws one column wide. Anything
// else (wide CJK and emoji, combining marks, format characters) would break
// the columns, so it is shown as '?'.
bool single_width(char32_t cp) {
  static constexpr std::pair<char32_t, char32_t> kRanges[] = {
      {0x00A1, 0x02FF}, {0x0370, 0x03FF}, {0x0400, 0x0482}, {0x048A, 0x052F},
      {0x2010, 0x2027}, {0x2030, 0x205E}, {0x20A0, 0x20C0}, {0x2100, 0x214F},
      {0x2190, 0x22FF}, {0x2500, 0x25FC}};
  for (auto [lo, hi] : kRanges)
    if (cp >= lo && cp <= hi) return unicode_is_printable(uint32_t(cp));
  return false;
}

// Text from the trace as safe single-width characters.
std::u32string sanitize(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = decode_utf8_lossy(text, i);
    bool safe = (cp >= 0x20 && cp < 0x7F) || single_width(cp);
    out += safe ? cp : U'?';
  }
  return out;
}

std::u32string ascii(std::string_view text) { return std::u32string(text.begin(), text.end()); }

struct Cell {
  char32_t glyph = U' ';
  Style style = Style::kPlain;
};

// One output line: exactly one code point per column.
class Line {
 public:
  explicit Line(size_t width) : cells_(width) {}

  void put(size_t col, char32_t glyph, Style style = Style::kPlain) {
    if (col < cells_.size()) cells_[col] = Cell{glyph, style};
  }

  // Writes `text` from `col` in at most `max` columns, ending in '…' when
  // cut; returns the columns used.
  size_t write(size_t col, const std::u32string& text, size_t max, Style style = Style::kPlain) {
    max = std::min(max, cells_.size() > col ? cells_.size() - col : 0);
    if (max == 0) return 0;
    bool cut = text.size() > max;
    size_t n = cut ? max - 1 : text.size();
    for (size_t k = 0; k < n; ++k) put(col + k, text[k], style);
    if (cut) put(col + n, kEllipsis, style);
    return cut ? max : n;
  }

  // Trailing blanks dropped; with colour, every style change is a fresh
  // escape and the line ends reset.
  std::string render(bool color) const {
    size_t end = cells_.size();
    while (end > 0 && cells_[end - 1].glyph == U' ' && cells_[end - 1].style == Style::kPlain) --end;
    std::string out;
    Style current = Style::kPlain;
    for (size_t k = 0; k < end; ++k) {
      const Cell& cell = cells_[k];
      if (color && cell.style != current) {
        if (current != Style::kPlain) out += "\x1b[0m";
        if (cell.style != Style::kPlain) out += std::string("\x1b[") + ansi_code(cell.style) + "m";
        current = cell.style;
      }
      append_utf8(out, cell.glyph);
    }
    if (color && current != Style::kPlain) out += "\x1b[0m";
    out += '\n';
    return out;
  }

 private:
  std::vector<Cell> cells_;
};

std::string format_number(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

// Seconds as a person reads them: "4s", "0.3s", "1e-05s".
std::string seconds(double t) { return format_number("%.6g", t) + "s"; }

std::string percent(double share) {
  double p = share * 100;
  if (p > 0 && p < 1) return "<1%";
  return format_number("%.0f", p) + "%";
}

// Where times land on the chart: [0, end] over columns 0 .. columns-1,
// rounded to the nearest column so that bars, step marks and ticks of one
// instant share a column.
class Scale {
 public:
  Scale(double end, size_t columns) : end_(std::isfinite(end) && end > 0 ? end : 0), columns_(columns) {}
  double end() const { return end_; }
  size_t columns() const { return columns_; }
  size_t col(double t) const {
    if (end_ == 0 || !(t > 0)) return 0;
    double x = std::round(t / end_ * double(columns_ - 1));
    return x >= double(columns_ - 1) ? columns_ - 1 : size_t(x);
  }

 private:
  double end_;
  size_t columns_;
};

struct Tick {
  size_t col;
  std::u32string label;
};

// "1.50" -> "1.5", "2.00" -> "2": fixed decimals without float noise, and
// without zeros a reader has to skip.
std::string trim_zeros(std::string number) {
  if (number.find('.') == std::string::npos) return number;
  while (number.back() == '0') number.pop_back();
  if (number.back() == '.') number.pop_back();
  return number;
}

// Ticks every 1, 2 or 5 × 10^k seconds: the finest step whose ticks are at
// least kTickSpacing columns apart and whose labels keep a gap.
constexpr size_t kTickSpacing = 12;
std::vector<Tick> choose_ticks(const Scale& scale) {
  if (scale.end() == 0) return {Tick{0, U"0s"}};
  int k = int(std::floor(std::log10(scale.end() / double(scale.columns())))) - 1;
  static constexpr int kMantissas[] = {1, 2, 5};
  for (;; ++k) {
    // The unit keeps labels short: 0.5s, 20ms, 5µs.
    int unit_exponent = k >= -1 ? 0 : k >= -4 ? 3 : k >= -7 ? 6 : 9;
    const char32_t* unit = unit_exponent == 0 ? U"s" : unit_exponent == 3 ? U"ms" : unit_exponent == 6 ? U"\u00b5s" : U"ns";
    int decimals = std::max(0, -(k + unit_exponent));
    auto label = [&](double v) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.*f", decimals, v * std::pow(10.0, unit_exponent));
      return ascii(trim_zeros(buf)) + unit;
    };
    for (int m : kMantissas) {
      double step = m * std::pow(10.0, k);
      double spacing = step / scale.end() * double(scale.columns() - 1);
      if (spacing < double(kTickSpacing)) continue;
      size_t count = size_t(std::floor(scale.end() / step * (1 + 1e-12)));
      std::vector<Tick> ticks;
      size_t widest = 0;
      for (size_t i = 0; i <= count; ++i) {
        double t = double(i) * step;
        ticks.push_back(Tick{scale.col(t), label(t)});
        widest = std::max(widest, ticks.back().label.size());
      }
      if (spacing >= double(widest + 2)) return ticks;
    }
  }
}

struct Row {
  const TraceTask* task;
  size_t depth;
};

// Visible tasks, each followed by the tasks it created (in creation order),
// a hidden task's children standing in for it.
std::vector<Row> task_rows(const Trace& trace, bool all_tasks) {
  auto visible = [&](const TraceTask& task) { return all_tasks || !task.internal; };
  // A parent is created before its child: a later "parent" is ignored, so
  // the walk up always ends.
  auto parent_of = [&](const TraceTask& child) {
    const TraceTask* parent = find_task(trace, child.parent);
    return parent && parent->id < child.id ? parent : nullptr;
  };
  std::vector<std::vector<const TraceTask*>> children(trace.tasks.size() + 1);  // by parent id; [0]: the roots
  for (const TraceTask& task : trace.tasks) {
    if (!visible(task)) continue;
    const TraceTask* parent = parent_of(task);
    while (parent && !visible(*parent)) parent = parent_of(*parent);
    children[parent ? size_t(parent->id) : 0].push_back(&task);
  }
  std::vector<Row> rows;
  std::vector<Row> stack;
  for (auto it = children[0].rbegin(); it != children[0].rend(); ++it) stack.push_back(Row{*it, 0});
  while (!stack.empty()) {
    Row row = stack.back();
    stack.pop_back();
    rows.push_back(row);
    const std::vector<const TraceTask*>& kids = children[size_t(row.task->id)];
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(Row{*it, row.depth + 1});
  }
  return rows;
}

struct Glyph {
  char32_t glyph;
  Style style;
  int priority;  // in a shared column: blocking step > step mark > overdue > wait
};

Glyph segment_glyph(TimelineSegment::Kind kind) {
  using Kind = TimelineSegment::Kind;
  switch (kind) {
    case Kind::kRun: return {U'\u2588', Style::kBusy, 4};
    case Kind::kOverdue: return {U'\u2593', Style::kOverdue, 2};
    case Kind::kSleep: return {U'\u2591', Style::kSleep, 1};
    case Kind::kTask: return {U'\u2592', Style::kTask, 1};
    case Kind::kGather: return {U'\u2592', Style::kGather, 1};
    case Kind::kYield:
    case Kind::kScheduled: return {U'\u2504', Style::kYield, 1};
    case Kind::kFuture: return {U'\u00B7', Style::kFuture, 1};
  }
  return {U'?', Style::kPlain, 1};
}

constexpr Glyph kStepMark{U'\u2502', Style::kStep, 3};
constexpr Glyph kStepsMark{U'\u2503', Style::kStep, 3};

Glyph final_glyph(TraceTask::State state) {
  switch (state) {
    case TraceTask::State::kDone: return {U'\u2713', Style::kDone, 0};
    case TraceTask::State::kFailed: return {U'\u2717', Style::kFailed, 0};
    case TraceTask::State::kCancelled: return {U'\u2298', Style::kCancelled, 0};
    case TraceTask::State::kPending: return {kEllipsis, Style::kDim, 0};
  }
  return {U'?', Style::kPlain, 0};
}

// The chart columns of one row, painted by priority.
class Track {
 public:
  Track(const Scale& scale) : scale_(scale), cells_(scale.columns() + 1), priority_(cells_.size(), 0) {}

  void span(double start, double end, Glyph g) {
    for (size_t c = scale_.col(start), last = scale_.col(end); c <= last; ++c) paint(c, g);
  }
  // A step mark; heavier where several steps share the column.
  void step(double t) {
    size_t c = scale_.col(t);
    paint(c, ++steps_[c] > 1 ? kStepsMark : kStepMark);
  }
  void put(size_t col, Glyph g) {
    if (col < cells_.size()) cells_[col] = Cell{g.glyph, g.style};
  }
  void draw(Line& line, size_t at) const {
    for (size_t c = 0; c < cells_.size(); ++c) line.put(at + c, cells_[c].glyph, cells_[c].style);
  }

 private:
  void paint(size_t c, Glyph g) {
    if (g.priority < priority_[c]) return;
    cells_[c] = Cell{g.glyph, g.style};
    priority_[c] = g.priority;
  }

  const Scale& scale_;
  std::vector<Cell> cells_;
  std::vector<int> priority_;
  std::vector<unsigned> steps_ = std::vector<unsigned>(cells_.size(), 0);
};

// Items joined by " · ", as many per line as fit; an item wider than a line
// is cut.
std::vector<Line> wrap(const std::vector<std::u32string>& items, size_t width) {
  std::vector<Line> lines;
  size_t col = width;
  const std::u32string separator = U" \u00B7 ";
  for (const std::u32string& item : items) {
    if (col > 0 && col + separator.size() + item.size() <= width) {
      col += lines.back().write(col, separator, width - col);
    } else {
      lines.emplace_back(width);
      col = 0;
    }
    col += lines.back().write(col, item, width - col);
  }
  return lines;
}

// Lays the chart out: a label column, the chart over [0, end_time], one
// column for the final state; then writes it line by line.
class GanttRenderer {
 public:
  GanttRenderer(const Trace& trace, const GanttOptions& options)
      : trace_(trace),
        options_(options),
        width_(size_t(std::clamp(options.width, kMinGanttWidth, kMaxGanttWidth))),
        timeline_(build_timeline(trace)),
        rows_(task_rows(trace, options.all_tasks)),
        label_width_(label_width()),
        chart_at_(label_width_ + 1),
        scale_(trace.end_time, width_ - chart_at_ - 1) {}

  std::string render() {
    header();
    loop_row();
    for (size_t r = 0; r < rows_.size(); ++r) task_row(rows_[r], labels_[r]);
    axis();
    legend();
    waited_in();
    std::string out;
    for (const Line& line : lines_) out += line.render(options_.color);
    return out;
  }

 private:
  static constexpr char32_t kLoopLabel[] = U"event loop";

  // Labels are made here too, so they are sanitized once.
  size_t label_width() {
    size_t widest = std::char_traits<char32_t>::length(kLoopLabel);
    size_t cap = std::max<size_t>(12, width_ / 3);
    for (const Row& row : rows_) {
      const TraceTask& task = *row.task;
      // Deep nesting keeps half the column for the name.
      std::u32string indent(std::min(2 * row.depth, cap / 2), U' ');
      labels_.push_back(indent + sanitize(task.name) + U' ' + sanitize(task.coro));
      widest = std::max(widest, labels_.back().size());
    }
    return std::min(widest, cap);
  }

  Line& new_line() { return lines_.emplace_back(width_); }

  void header() {
    new_line().write(0, sanitize(trace_.program), width_);
    const TimelineStats& stats = timeline_.stats;
    size_t hidden = options_.all_tasks ? 0 : stats.tasks - stats.visible_tasks;
    std::string tasks = std::to_string(rows_.size()) + (rows_.size() == 1 ? " task" : " tasks");
    if (hidden > 0) tasks += " (+" + std::to_string(hidden) + " internal hidden)";
    for (Line& line : wrap({sanitize(outcome_text(trace_)), ascii("end " + seconds(trace_.end_time)),
                            ascii(tasks), ascii(std::to_string(stats.steps) + " steps"),
                            ascii("peak " + std::to_string(stats.peak_live) + " live"),
                            ascii("loop busy " + percent(stats.busy_share))},
                           width_))
      lines_.push_back(std::move(line));
  }

  void loop_row() {
    Track loop(scale_);
    for (const Interval& busy : timeline_.busy)
      loop.span(busy.start, busy.end, segment_glyph(TimelineSegment::Kind::kRun));
    for (const TimelineStep& step : timeline_.steps)
      if (step.end <= step.start) loop.step(step.start);
    Line& line = new_line();
    line.write(0, kLoopLabel, label_width_);
    loop.draw(line, chart_at_);
  }

  void task_row(const Row& row, const std::u32string& label) {
    const TraceTask& task = *row.task;
    const std::vector<TimelineSegment>& segments = timeline_.tasks[size_t(task.id - 1)].segments;
    Track track(scale_);
    for (const TimelineSegment& s : segments) {
      if (s.kind == TimelineSegment::Kind::kRun && s.end <= s.start) track.step(s.start);
      else if (s.end > s.start) track.span(s.start, s.end, segment_glyph(s.kind));
    }
    if (!segments.empty()) {
      bool finished = task.state != TraceTask::State::kPending && std::isfinite(task.finished);
      track.put(finished ? scale_.col(task.finished) + 1 : scale_.columns(), final_glyph(task.state));
    }
    Line& line = new_line();
    line.write(0, label, label_width_, task.internal ? Style::kDim : Style::kPlain);
    track.draw(line, chart_at_);
  }

  // Tick marks, then labels starting at their tick (moved left at the right
  // edge, dropped where they would touch the previous one).
  void axis() {
    std::vector<Tick> ticks = choose_ticks(scale_);
    Line& marks = new_line();
    for (size_t c = 0; c < scale_.columns(); ++c) marks.put(chart_at_ + c, U'\u2500', Style::kDim);
    for (const Tick& tick : ticks) marks.put(chart_at_ + tick.col, U'\u2534', Style::kDim);
    Line& labels = new_line();
    labels.write(0, label_width_ >= 12 ? U"virtual time" : U"time", label_width_, Style::kDim);
    size_t free_from = chart_at_;
    for (const Tick& tick : ticks) {
      size_t at = std::min(chart_at_ + tick.col, width_ - tick.label.size());
      if (at < free_from) continue;
      free_from = at + labels.write(at, tick.label, width_ - at) + 1;
    }
    if (scale_.end() == 0)
      new_line().write(0, U"every event happened at t=0s: all steps are in the first column", width_,
                       Style::kDim);
  }

  void legend() {
    struct Item {
      Glyph glyph;
      const char32_t* text;
    };
    using Kind = TimelineSegment::Kind;
    // Without colour a gather wait looks like a task wait: one item for both.
    const bool color = options_.color;
    const Item items[] = {
        {kStepMark, U"step"},
        {kStepsMark, U"steps"},
        {segment_glyph(Kind::kRun), U"blocking step"},
        {segment_glyph(Kind::kSleep), U"sleep"},
        {segment_glyph(Kind::kTask), color ? U"await task" : U"await task/gather"},
        {segment_glyph(Kind::kGather), color ? U"gather" : nullptr},
        {segment_glyph(Kind::kYield), U"yield/scheduled"},
        {segment_glyph(Kind::kFuture), U"future"},
        {segment_glyph(Kind::kOverdue), U"overdue"},
        {final_glyph(TraceTask::State::kDone), U"done"},
        {final_glyph(TraceTask::State::kFailed), U"failed"},
        {final_glyph(TraceTask::State::kCancelled), U"cancelled"},
        {final_glyph(TraceTask::State::kPending), U"pending"},
    };
    Line* line = nullptr;
    size_t col = 0;
    for (const Item& item : items) {
      if (item.text == nullptr) continue;
      std::u32string text = item.text;
      if (line != nullptr && col + 2 + 2 + text.size() <= width_) {
        col += 2;
      } else {
        line = &new_line();
        col = 0;
      }
      line->put(col, item.glyph.glyph, item.glyph.style);
      col += 2;
      col += line->write(col, text, width_ - col);
    }
  }

  // Under the legend, the library calls tasks waited in (the trace's
  // primitive and object) and who waited there, in order of first
  // appearance: "waited in lock #1: Task-2, Task-3 · wait_for: Task-1".
  void waited_in() {
    struct Place {
      const WaitsOn* call;
      std::vector<TaskId> tasks;
    };
    std::vector<bool> shown(trace_.tasks.size() + 1, false);
    for (const Row& row : rows_) shown[size_t(row.task->id)] = true;
    std::vector<Place> places;
    for (const TraceEvent& e : trace_.events) {
      const WaitsOn& w = e.waits_on;
      if (e.kind != TraceEvent::Kind::kSuspend || w.primitive.empty() || find_task(trace_, e.task) == nullptr ||
          !shown[size_t(e.task)])
        continue;
      auto place = std::find_if(places.begin(), places.end(), [&](const Place& p) {
        return p.call->primitive == w.primitive && p.call->object == w.object;
      });
      if (place == places.end()) place = places.insert(places.end(), Place{&w, {}});
      if (std::find(place->tasks.begin(), place->tasks.end(), e.task) == place->tasks.end())
        place->tasks.push_back(e.task);
    }
    std::vector<std::u32string> items;
    for (const Place& place : places) {
      std::string call = place.call->primitive;
      if (place.call->object != 0) call += " #" + std::to_string(place.call->object);
      std::u32string item = sanitize(call) + U":";
      for (size_t k = 0; k < place.tasks.size(); ++k)
        item += (k == 0 ? U" " : U", ") + sanitize(trace_.tasks[size_t(place.tasks[k] - 1)].name);
      items.push_back(items.empty() ? U"waited in " + item : item);
    }
    for (Line& line : wrap(items, width_)) lines_.push_back(std::move(line));
  }

  const Trace& trace_;
  const GanttOptions& options_;
  const size_t width_;
  const Timeline timeline_;
  const std::vector<Row> rows_;
  std::vector<std::u32string> labels_;  // per row
  const size_t label_width_;
  const size_t chart_at_;
  const Scale scale_;
  std::vector<Line> lines_;
};

}  // namespace

std::string render_gantt(const Trace& trace, const GanttOptions& options) {
  return GanttRenderer(trace, options).render();
}

}  // namespace corosim
