#include "sim/trace/trace_reader.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>

#include "sim/trace/gunzip.h"
#include "sim/trace/json_trace_writer.h"

namespace corosim {
namespace {

using Json = nlohmann::json;

// What is wrong with a trace, without the file's name. Thrown from inside the
// parser's callback so that reading stops at the first problem.
struct Invalid {
  std::string message;
};

constexpr const char* kFormat = "corosim-trace";
constexpr int64_t kVersion = 1;
// The words of events[].kind, in TraceEvent::Kind order.
constexpr const char* kKindNames[] = {"create", "resume", "suspend", "done", "cancel", "print"};
constexpr size_t kShownValueChars = 40;

// A value as a message quotes it, cut short.
std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  if (text.size() > kShownValueChars) text = text.substr(0, kShownValueChars - 3) + "...";
  return text;
}

// The index of `word` among `count` names given by `name_of`, or -1.
template <typename Enum>
int word_index(const std::string& word, int count, const char* (*name_of)(Enum)) {
  for (int i = 0; i < count; ++i) {
    if (word == name_of(static_cast<Enum>(i))) return i;
  }
  return -1;
}

// One JSON object of the trace, with checked accessors; `where` names it in
// messages ("events[3]", "events[3].waits_on").
class Fields {
 public:
  Fields(const Json& object, std::string where) : object_(object), where_(std::move(where)) {}

  const std::string& where() const { return where_; }

  const Json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  const Json& get(const char* key) const {
    if (const Json* value = find(key)) return *value;
    throw Invalid{where_ + ": missing \"" + key + "\""};
  }

  [[noreturn]] void wrong(const char* key, const std::string& expected, const Json& got) const {
    throw Invalid{where_ + "." + key + ": expected " + expected + ", got " + shown(got)};
  }

  double number(const char* key) const {
    const Json& v = get(key);
    if (!v.is_number()) wrong(key, "a number", v);
    return v.get<double>();
  }

  double number_or_null(const char* key, double null_value) const {
    const Json& v = get(key);
    if (v.is_null()) return null_value;
    if (!v.is_number()) wrong(key, "a number or null", v);
    return v.get<double>();
  }

  const std::string& string(const char* key) const {
    const Json& v = get(key);
    if (!v.is_string()) wrong(key, "a string", v);
    return v.get_ref<const std::string&>();
  }

  bool boolean(const char* key) const {
    const Json& v = get(key);
    if (!v.is_boolean()) wrong(key, "true or false", v);
    return v.get<bool>();
  }

  // A task id (an integer >= 1), or 0 for null when `nullable`.
  TaskId task_id(const char* key, bool nullable) const {
    const Json& v = get(key);
    if (nullable && v.is_null()) return 0;
    return id_value(v, key, nullable);
  }

  std::vector<TaskId> task_ids(const char* key) const {
    const Json& v = get(key);
    if (!v.is_array()) wrong(key, "an array of task ids", v);
    std::vector<TaskId> ids;
    ids.reserve(v.size());
    for (const Json& item : v) ids.push_back(id_value(item, key, false));
    return ids;
  }

  Fields object(const char* key) const {
    const Json& v = get(key);
    if (!v.is_object()) wrong(key, "an object", v);
    return Fields(v, where_ + "." + key);
  }

 private:
  TaskId id_value(const Json& v, const char* key, bool nullable) const {
    const char* expected = nullable ? "a task id or null" : "a task id";
    if (!v.is_number_integer()) wrong(key, expected, v);
    if (v.is_number_unsigned()) {
      if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<TaskId>::max())) wrong(key, expected, v);
    } else if (v.get<int64_t>() < 1) {
      wrong(key, expected, v);
    }
    return v.get<TaskId>();
  }

  const Json& object_;
  std::string where_;
};

void check_format(const Json* format) {
  if (!format) throw Invalid{"not a corosim trace (no \"format\": \"corosim-trace\")"};
  if (!format->is_string() || *format != kFormat) {
    throw Invalid{"not a corosim trace (\"format\" is " + shown(*format) + ", expected \"corosim-trace\")"};
  }
}

void check_version(const Json* version) {
  if (!version) throw Invalid{"missing \"version\""};
  if (!version->is_number_integer() || *version != kVersion) {
    throw Invalid{"unsupported trace version " + shown(*version) + "; this corosim reads version 1"};
  }
}

TraceTask::State task_state(const Fields& f) {
  const std::string& word = f.string("state");
  if (word == "pending") return TraceTask::State::kPending;
  int i = word_index(word, 3, task_end_state_name);
  if (i < 0) {
    throw Invalid{f.where() + ".state: expected \"done\", \"failed\", \"cancelled\" or \"pending\", got " +
                  shown(word)};
  }
  return static_cast<TraceTask::State>(i);  // the first three agree with TaskEnd::State
}

Outcome read_outcome(const Fields& f) {
  Outcome outcome;
  const std::string& status = f.string("status");
  int i = word_index(status, 5, outcome_status_name);
  if (i < 0) {
    throw Invalid{"outcome.status: expected \"ok\", \"error\", \"deadlock\", \"until\" or \"limit\", got " +
                  shown(status)};
  }
  outcome.status = static_cast<Outcome::Status>(i);
  switch (outcome.status) {
    case Outcome::Status::kError: {
      Fields error = f.object("error");
      outcome.error_type = error.string("type");
      outcome.error_message = error.string("message");
      outcome.error_task = error.task_id("task", true);
      break;
    }
    case Outcome::Status::kDeadlock:
      outcome.waiting = f.task_ids("waiting");
      break;
    case Outcome::Status::kLimit:
      outcome.limit = f.string("limit");
      break;
    case Outcome::Status::kOk:
    case Outcome::Status::kUntil:
      break;
  }
  return outcome;
}

WaitsOn read_waits_on(const Fields& f) {
  WaitsOn w;
  // A kind of wait this reader does not know is still a wait on something:
  // "future" is v1's word for "anything else".
  int what = word_index(f.string("what"), 5, waits_on_name);
  w.what = what < 0 ? WaitsOn::What::kFuture : static_cast<WaitsOn::What>(what);
  switch (w.what) {
    case WaitsOn::What::kSleep:
      w.until = f.number_or_null("until", std::numeric_limits<double>::infinity());
      break;
    case WaitsOn::What::kTask:
      w.task = f.task_id("task", true);
      break;
    case WaitsOn::What::kGather:
      w.tasks = f.task_ids("tasks");
      break;
    case WaitsOn::What::kYield:
    case WaitsOn::What::kFuture:
      break;
  }
  return w;
}

// Fills `e` from an element of events[]; false for a kind this reader does
// not know (the format's rule: skip it).
bool read_event(const Fields& f, TraceEvent& e) {
  int kind = -1;
  const std::string& word = f.string("kind");
  for (int i = 0; i < static_cast<int>(std::size(kKindNames)); ++i) {
    if (word == kKindNames[i]) kind = i;
  }
  if (kind < 0) return false;
  e.kind = static_cast<TraceEvent::Kind>(kind);
  e.t = f.number("t");
  e.task = f.task_id("task", e.kind == TraceEvent::Kind::kPrint);
  switch (e.kind) {
    case TraceEvent::Kind::kCreate:
      e.other = f.task_id("parent", true);
      break;
    case TraceEvent::Kind::kResume:
      break;
    case TraceEvent::Kind::kSuspend:
      e.waits_on = read_waits_on(f.object("waits_on"));
      break;
    case TraceEvent::Kind::kDone: {
      const std::string& state = f.string("state");
      int i = word_index(state, 3, task_end_state_name);
      if (i < 0) {
        throw Invalid{f.where() + ".state: expected \"done\", \"failed\" or \"cancelled\", got " + shown(state)};
      }
      e.state = static_cast<TaskEnd::State>(i);
      if (e.state == TaskEnd::State::kDone) {
        e.text = f.string("result");
      } else if (e.state == TaskEnd::State::kFailed) {
        Fields exception = f.object("exception");
        e.text = exception.string("type");
        e.message = exception.string("message");
      }
      break;
    }
    case TraceEvent::Kind::kCancel:
      e.other = f.task_id("by", true);
      e.has_msg = f.find("msg") != nullptr;
      if (e.has_msg) e.text = f.string("msg");
      break;
    case TraceEvent::Kind::kPrint:
      e.text = f.string("text");
      break;
  }
  return true;
}

// Builds the Trace while nlohmann's parser runs: each element of tasks[] and
// events[] is converted as soon as it is parsed and then dropped, so a
// million-event file never exists as a tree of JSON values.
class TraceBuilder {
 public:
  explicit TraceBuilder(Trace& trace) : trace_(trace) {}

  // nlohmann's parser_callback_t; false drops the value just parsed.
  bool on_parse_event(int depth, Json::parse_event_t event, Json& parsed) {
    using Event = Json::parse_event_t;
    if (depth == 0) {
      if (event == Event::object_start) root_is_object_ = true;
      return true;
    }
    if (!root_is_object_) return true;  // finish() reports it
    if (depth == 1) {
      if (event == Event::key) {
        key_ = parsed.get<std::string>();
        index_ = 0;
        return true;
      }
      // Checked early so that a file of another format or version gets that
      // message rather than one about its contents; the version only means
      // something in a corosim trace.
      if (event == Event::value && key_ == "format") {
        check_format(&parsed);
        is_corosim_trace_ = true;
      }
      if (event == Event::value && key_ == "version" && is_corosim_trace_) check_version(&parsed);
    }
    bool tasks = key_ == "tasks";
    if (!tasks && key_ != "events") return true;
    if (depth == 1) {
      if (event == Event::array_start) return true;
      if (event == Event::array_end) {
        (tasks ? seen_tasks_ : seen_events_) = true;
        if (tasks) check_task_parents();
        return false;
      }
      if (event == Event::object_start || event == Event::value) {
        throw Invalid{key_ + ": expected an array, got " +
                      (event == Event::value ? shown(parsed) : std::string("an object"))};
      }
      return true;
    }
    if (depth != 2) return true;
    if (event == Event::object_start) return true;
    if (event == Event::object_end) {
      std::string where = key_ + "[" + std::to_string(index_) + "]";
      if (tasks) add_task(Fields(parsed, std::move(where)));
      else add_event(Fields(parsed, std::move(where)));
      ++index_;
      return false;
    }
    if (event == Event::value || event == Event::array_start) {
      throw Invalid{key_ + "[" + std::to_string(index_) + "]: expected an object, got " +
                    (event == Event::value ? shown(parsed) : std::string("an array"))};
    }
    return true;
  }

  // The top-level fields (all that `root` still holds) and the checks that
  // need the whole file.
  void finish(const Json& root) {
    if (!root.is_object()) throw Invalid{"not a corosim trace (the top level is not a JSON object)"};
    Fields top(root, "trace");
    check_format(top.find("format"));
    check_version(top.find("version"));
    trace_.program = top.string("program");
    trace_.end_time = top.number("end_time");
    trace_.outcome = read_outcome(top.object("outcome"));
    if (!seen_tasks_) throw Invalid{"missing \"tasks\""};
    if (!seen_events_) throw Invalid{"missing \"events\""};
    for (size_t k = 0; k < unchecked_events_.size(); ++k) {
      check_event_refs(trace_.events[k], unchecked_events_[k]);
    }
    check_ref(trace_.outcome.error_task, "outcome.error.task");
    for (TaskId id : trace_.outcome.waiting) check_ref(id, "outcome.waiting");
  }

 private:
  void add_task(const Fields& f) {
    TraceTask& t = trace_.tasks.emplace_back();
    t.id = f.task_id("id", false);
    if (t.id != static_cast<TaskId>(trace_.tasks.size())) {
      throw Invalid{f.where() + ".id: expected " + std::to_string(trace_.tasks.size()) +
                    " (ids are 1, 2, ... in order), got " + std::to_string(t.id)};
    }
    t.name = f.string("name");
    t.coro = f.string("coro");
    t.parent = f.task_id("parent", true);
    t.created = f.number("created");
    t.finished = f.number_or_null("finished", std::numeric_limits<double>::quiet_NaN());
    t.state = task_state(f);
    t.internal = f.boolean("internal");
  }

  void check_task_parents() const {
    for (const TraceTask& t : trace_.tasks) {
      check_ref(t.parent, "tasks[" + std::to_string(t.id - 1) + "].parent");
    }
  }

  void add_event(const Fields& f) {
    TraceEvent e;
    if (!read_event(f, e)) return;
    // Ids can only be checked against tasks[] once it has been read; v1
    // writes it first, a file with the keys in another order is checked at
    // the end.
    if (seen_tasks_) check_event_refs(e, index_);
    else unchecked_events_.push_back(index_);
    trace_.events.push_back(std::move(e));
  }

  void check_ref(TaskId id, const std::string& where) const {
    if (id > static_cast<TaskId>(trace_.tasks.size())) {
      throw Invalid{where + ": there is no task " + std::to_string(id) + " (the trace has " +
                    std::to_string(trace_.tasks.size()) + " tasks)"};
    }
  }

  void check_event_refs(const TraceEvent& e, size_t index) const {
    if (e.task > static_cast<TaskId>(trace_.tasks.size()) ||
        e.other > static_cast<TaskId>(trace_.tasks.size()) ||
        (e.kind == TraceEvent::Kind::kSuspend && !refs_in_range(e.waits_on))) {
      std::string where = "events[" + std::to_string(index) + "]";
      check_ref(e.task, where + ".task");
      check_ref(e.other, where + (e.kind == TraceEvent::Kind::kCreate ? ".parent" : ".by"));
      check_ref(e.waits_on.task, where + ".waits_on.task");
      for (TaskId id : e.waits_on.tasks) check_ref(id, where + ".waits_on.tasks");
    }
  }

  bool refs_in_range(const WaitsOn& w) const {
    auto n = static_cast<TaskId>(trace_.tasks.size());
    if (w.task > n) return false;
    for (TaskId id : w.tasks) {
      if (id > n) return false;
    }
    return true;
  }

  Trace& trace_;
  std::string key_;       // the top-level key whose value is being parsed
  size_t index_ = 0;      // the element of tasks[] or events[] being parsed
  bool root_is_object_ = false;
  bool is_corosim_trace_ = false;  // "format" has been read and is right
  bool seen_tasks_ = false;
  bool seen_events_ = false;
  std::vector<size_t> unchecked_events_;  // events[] indices of events read before tasks[]
};

// "LINE:COLUMN" of the byte at 1-based position `byte` (columns in bytes; a
// trace v1 file is ASCII).
std::string line_column(std::string_view text, size_t byte) {
  size_t offset = byte == 0 ? 0 : byte - 1;
  if (offset > text.size()) offset = text.size();
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

// nlohmann's reason without its "[json.exception...] parse error at line L,
// column C: " prefix (the message gives the position itself).
std::string parse_error_reason(const Json::parse_error& e) {
  std::string what = e.what();
  size_t column = what.find(", column ");
  size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 unit of the \uXXXX escape at text[i] ('\\'), or -1.
int escaped_unit(std::string_view text, size_t i) {
  if (i + 6 > text.size() || text[i + 1] != 'u') return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    int digit = hex_digit(text[k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

// JSON's grammar allows a \uD800..\uDFFF escape that is not half of a pair,
// and corosim writes one for a Python str holding a lone surrogate (a task
// renamed to chr(0xD800)), but nlohmann refuses it. Such escapes are read as
// U+FFFD: the same length of text, so the positions in messages stay right.
// Returns the repaired text, or nullopt when there was nothing to repair.
std::optional<std::string> without_lone_surrogates(std::string_view text) {
  std::optional<std::string> repaired;
  size_t i = text.find('\\');
  while (i != std::string_view::npos) {
    int unit = escaped_unit(text, i);
    if (unit < 0) {  // another escape: \\, \", \n, ...
      i = text.find('\\', i + 2);
      continue;
    }
    size_t next = i + 6;
    bool high = unit >= 0xD800 && unit <= 0xDBFF;
    bool low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (high) {
      int pair = next < text.size() && text[next] == '\\' ? escaped_unit(text, next) : -1;
      if (pair >= 0xDC00 && pair <= 0xDFFF) {
        next += 6;
        high = false;
      }
    }
    if (high || low) {
      if (!repaired) repaired.emplace(text);
      repaired->replace(i + 2, 4, "fffd");
    }
    i = text.find('\\', next);
  }
  return repaired;
}

}  // namespace

TraceReadResult parse_trace(std::string_view text, const std::string& name) {
  TraceReadResult result;
  if (text.empty()) {
    result.error = name + ": empty file, not a corosim trace";
    return result;
  }
  std::optional<std::string> repaired = without_lone_surrogates(text);
  std::string_view input = repaired ? std::string_view(*repaired) : text;
  TraceBuilder builder(result.trace);
  try {
    Json root = Json::parse(
        input.begin(), input.end(),
        [&builder](int depth, Json::parse_event_t event, Json& parsed) {
          return builder.on_parse_event(depth, event, parsed);
        });
    builder.finish(root);
  } catch (const Json::parse_error& e) {
    std::string reason = parse_error_reason(e);
    if (e.byte > text.size()) reason += " (is the file truncated?)";
    result.error = name + ":" + line_column(text, e.byte) + ": not valid JSON: " + reason;
  } catch (const Invalid& invalid) {
    result.error = name + ": " + invalid.message;
  }
  if (!result.ok()) result.trace = Trace{};
  return result;
}

TraceReadResult read_trace(const std::string& path) {
  TraceReadResult result;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    result.error = path + ": cannot open file: " + std::strerror(errno);
    return result;
  }
  std::string text;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
  int read_error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (read_error) {
    result.error = path + ": cannot read file: " + std::strerror(read_error);
    return result;
  }
  if (!is_gzip(text)) return parse_trace(text, path);
  GunzipResult unzipped = gunzip(text);
  if (!unzipped.ok()) {
    result.error = path + ": " + unzipped.error;
    return result;
  }
  return parse_trace(unzipped.text, path);
}

}  // namespace corosim
