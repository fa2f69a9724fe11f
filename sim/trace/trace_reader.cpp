#include "sim/trace/trace_reader.h"

#include <limits>
#include <optional>

#include "sim/trace/gunzip.h"
#include "sim/trace/json_input.h"
#include "sim/trace/json_scanner.h"
#include "sim/trace/trace_names.h"

namespace corosim {
namespace {

// What is wrong with a trace, without the file's name.
struct Invalid {
  std::string message;
};

constexpr std::string_view kFormat = "corosim-trace";
// The words of events[].kind, in TraceEvent::Kind order.
constexpr std::string_view kKindNames[] = {"create", "resume", "suspend", "done", "cancel", "print"};
constexpr size_t kShownValueChars = 40;

// A value as a message quotes it: its text without the whitespace between
// tokens, cut short, safe to print.
std::string shown(const JsonNode& value) {
  std::string text;
  bool in_string = false;
  for (size_t i = 0; i < value.raw.size() && text.size() <= kShownValueChars; ++i) {
    char c = value.raw[i];
    if (in_string) {
      if (c == '\\') text += value.raw[i++];
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      continue;
    }
    text += c;
  }
  if (text.size() > kShownValueChars) {
    size_t cut = kShownValueChars - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    text = text.substr(0, cut) + "...";
  }
  return shown_json_text(text);
}

// The index of `word` among `count` names given by `name_of`, or -1.
template <typename Enum>
int word_index(std::string_view word, int count, const char* (*name_of)(Enum)) {
  for (int i = 0; i < count; ++i) {
    if (word == name_of(static_cast<Enum>(i))) return i;
  }
  return -1;
}

// Where a value is in the trace, for messages ("events[3].waits_on.until");
// built only when a message needs it.
struct Where {
  const Where* parent = nullptr;
  std::string_view name;
  size_t index = std::string::npos;  // an element of the array `name`

  std::string str() const {
    std::string text = parent ? parent->str() + "." : "";
    text += name;
    if (index != std::string::npos) text += "[" + std::to_string(index) + "]";
    return text;
  }
};

[[noreturn]] void wrong(const Where& where, const char* expected, const JsonNode& got) {
  throw Invalid{where.str() + ": expected " + expected + ", got " + shown(got)};
}

double number(const JsonNode& v, const Where& where) {
  if (v.type != JsonType::kNumber) wrong(where, "a number", v);
  return v.number;
}

double number_or_null(const JsonNode& v, const Where& where, double null_value) {
  if (v.type == JsonType::kNull) return null_value;
  if (v.type != JsonType::kNumber) wrong(where, "a number or null", v);
  return v.number;
}

std::string_view string(const JsonNode& v, const Where& where) {
  if (v.type != JsonType::kString) wrong(where, "a string", v);
  return v.string;
}

// A task id (an integer >= 1), or 0 for null when `nullable`.
TaskId task_id(const JsonNode& v, const Where& where, bool nullable) {
  if (nullable && v.type == JsonType::kNull) return 0;
  if (!v.integer || v.int_value < 1) wrong(where, nullable ? "a task id or null" : "a task id", v);
  return v.int_value;
}

// One JSON object of the trace, with checked accessors by key.
class Fields {
 public:
  Fields(const JsonValue& value, uint32_t node, Where where) : value_(value), node_(node), where_(where) {}

  const Where& where() const { return where_; }

  // The member `key`, or null. A key given twice is refused: which one a
  // reader should take is anyone's guess.
  const JsonNode* find(std::string_view key) const {
    const JsonNode* found = nullptr;
    const std::vector<JsonNode>& nodes = value_.nodes;
    for (uint32_t i = node_ + 1; i < nodes[node_].next; i = nodes[i].next) {
      // Most keys differ in length or first letter: no call to memcmp.
      std::string_view name = nodes[i].key;
      if (name.size() != key.size() || name[0] != key[0] || name != key) continue;
      if (found) throw Invalid{where_.str() + ": \"" + std::string(key) + "\" is given twice"};
      found = &nodes[i];
    }
    return found;
  }

  const JsonNode& get(std::string_view key) const {
    if (const JsonNode* value = find(key)) return *value;
    throw Invalid{where_.str() + ": missing \"" + std::string(key) + "\""};
  }

  double number(std::string_view key) const { return corosim::number(get(key), {&where_, key}); }
  double number_or_null(std::string_view key, double null_value) const {
    return corosim::number_or_null(get(key), {&where_, key}, null_value);
  }
  std::string_view string(std::string_view key) const { return corosim::string(get(key), {&where_, key}); }
  TaskId task_id(std::string_view key, bool nullable) const {
    return corosim::task_id(get(key), {&where_, key}, nullable);
  }

  bool boolean(std::string_view key) const {
    const JsonNode& v = get(key);
    if (v.type != JsonType::kTrue && v.type != JsonType::kFalse) wrong({&where_, key}, "true or false", v);
    return v.type == JsonType::kTrue;
  }

  // An optional member: its string, or "" when absent.
  std::string_view optional_string(std::string_view key) const {
    const JsonNode* v = find(key);
    return v ? corosim::string(*v, {&where_, key}) : std::string_view();
  }

  // An optional member: an integer >= 1, or 0 when absent.
  int64_t optional_count(std::string_view key) const {
    const JsonNode* v = find(key);
    if (!v) return 0;
    if (!v->integer || v->int_value < 1) wrong({&where_, key}, "an integer >= 1", *v);
    return v->int_value;
  }

  std::vector<TaskId> task_ids(std::string_view key) const {
    const JsonNode& v = get(key);
    Where where{&where_, key};
    if (v.type != JsonType::kArray) wrong(where, "an array of task ids", v);
    std::vector<TaskId> ids;
    const std::vector<JsonNode>& nodes = value_.nodes;
    uint32_t array = static_cast<uint32_t>(&v - nodes.data());
    for (uint32_t i = array + 1; i < v.next; i = nodes[i].next) ids.push_back(corosim::task_id(nodes[i], where, false));
    return ids;
  }

  // The member `key`, an object; `where` names it in messages.
  Fields object(std::string_view key, const Where& where) const {
    const JsonNode& v = get(key);
    if (v.type != JsonType::kObject) wrong(where, "an object", v);
    return Fields(value_, static_cast<uint32_t>(&v - value_.nodes.data()), where);
  }

 private:
  const JsonValue& value_;
  uint32_t node_;
  Where where_;
};

void check_format(const JsonValue* format) {
  if (!format) throw Invalid{"not a corosim trace (no \"format\": \"corosim-trace\")"};
  const JsonNode& v = format->root();
  if (v.type != JsonType::kString || v.string != kFormat) {
    throw Invalid{"not a corosim trace (\"format\" is " + shown(v) + ", expected \"corosim-trace\")"};
  }
}

void check_version(const JsonValue* version) {
  if (!version) throw Invalid{"missing \"version\""};
  const JsonNode& v = version->root();
  if (!v.integer || v.int_value != 1) {
    throw Invalid{"unsupported trace version " + shown(v) + "; this corosim reads version 1"};
  }
}

TraceTask::State task_state(const Fields& f) {
  int i = word_index(f.string("state"), 4, task_state_name);
  if (i < 0) {
    throw Invalid{f.where().str() + ".state: expected \"done\", \"failed\", \"cancelled\" or \"pending\", got " +
                  shown(f.get("state"))};
  }
  return static_cast<TraceTask::State>(i);
}

Outcome read_outcome(const Fields& f) {
  Outcome outcome;
  int i = word_index(f.string("status"), 5, outcome_status_name);
  if (i < 0) {
    throw Invalid{"outcome.status: expected \"ok\", \"error\", \"deadlock\", \"until\" or \"limit\", got " +
                  shown(f.get("status"))};
  }
  outcome.status = static_cast<Outcome::Status>(i);
  switch (outcome.status) {
    case Outcome::Status::kError: {
      Where where{&f.where(), "error"};
      Fields error = f.object("error", where);
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
  w.primitive = f.optional_string("primitive");
  w.object = f.optional_count("object");
  w.line = f.optional_count("line");
  return w;
}

// Fills `e` from an element of events[]; false for a kind this reader does
// not know (the format's rule: skip it).
bool read_event(const Fields& f, TraceEvent& e) {
  std::string_view word = f.string("kind");
  int kind = -1;
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
    case TraceEvent::Kind::kSuspend: {
      Where where{&f.where(), "waits_on"};
      e.waits_on = read_waits_on(f.object("waits_on", where));
      break;
    }
    case TraceEvent::Kind::kDone: {
      int i = word_index(f.string("state"), 3, task_end_state_name);
      if (i < 0) {
        throw Invalid{f.where().str() + ".state: expected \"done\", \"failed\" or \"cancelled\", got " +
                      shown(f.get("state"))};
      }
      e.state = static_cast<TaskEnd::State>(i);
      if (e.state == TaskEnd::State::kDone) {
        e.text = f.string("result");
      } else if (e.state == TaskEnd::State::kFailed) {
        Where where{&f.where(), "exception"};
        Fields exception = f.object("exception", where);
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

// Reads a trace v1 document in one pass: the top-level object member by
// member in whatever order its keys come, each element of tasks[] and
// events[] parsed on its own into one reused JsonValue and converted at once,
// so a million-event file never exists as a tree of JSON values.
class TraceParser {
 public:
  TraceParser(std::string_view text, Trace& trace) : json_(text), trace_(trace) {}

  void read() {
    if (!json_.at('{')) {
      json_.skip_value();
      json_.finish();
      throw Invalid{"not a corosim trace (the top level is not a JSON object)"};
    }
    json_.enter();
    for (bool first = true; json_.next_member(first); first = false) {
      std::string_view key = json_.read_key();
      if (key == "tasks" || key == "events") {
        read_array(key == "tasks");
      } else if (std::optional<JsonValue>* field = top_field(key)) {
        if (field->has_value()) throw Invalid{"trace: \"" + std::string(key) + "\" is given twice"};
        json_.read_value(field->emplace());
        // Checked early so that a file of another format or version gets
        // that message rather than one about its contents; the version only
        // means something in a corosim trace.
        if (field == &format_) check_format(&*format_);
        if (field == &version_ && format_) check_version(&*version_);
      } else {
        json_.skip_value();
      }
    }
    json_.finish();
    finish();
  }

 private:
  // Where a top-level value the reader keeps goes, or null.
  std::optional<JsonValue>* top_field(std::string_view key) {
    if (key == "format") return &format_;
    if (key == "version") return &version_;
    if (key == "program") return &program_;
    if (key == "end_time") return &end_time_;
    if (key == "outcome") return &outcome_;
    return nullptr;
  }

  void read_array(bool tasks) {
    std::string_view name = tasks ? "tasks" : "events";
    if ((tasks ? seen_tasks_ : seen_events_)) throw Invalid{"trace: \"" + std::string(name) + "\" is given twice"};
    if (!json_.at('[')) not_a(Where{nullptr, name}, "an array");
    json_.enter();
    size_t index = 0;
    for (bool first = true; json_.next_element(first); first = false, ++index) {
      Where where{nullptr, name, index};
      if (!json_.at('{')) not_a(where, "an object");
      json_.read_value(element_);
      Fields fields(element_, 0, where);
      if (tasks) add_task(fields);
      else add_event(fields, index);
    }
    (tasks ? seen_tasks_ : seen_events_) = true;
    if (tasks) check_task_parents();
  }

  // The next value is not what `where` should hold.
  [[noreturn]] void not_a(const Where& where, const char* expected) {
    bool object = json_.at('{');
    if (object || json_.at('[')) {
      throw Invalid{where.str() + ": expected " + expected + ", got " + (object ? "an object" : "an array")};
    }
    JsonValue value;
    json_.read_value(value);
    throw Invalid{where.str() + ": expected " + expected + ", got " + shown(value.root())};
  }

  // The checks that need the whole file.
  void finish() {
    check_format(format_ ? &*format_ : nullptr);
    check_version(version_ ? &*version_ : nullptr);
    Where top{nullptr, "trace"};
    trace_.program = string(top_value(program_, "program"), {&top, "program"});
    trace_.end_time = number(top_value(end_time_, "end_time"), {&top, "end_time"});
    Where outcome{&top, "outcome"};
    const JsonNode& outcome_value = top_value(outcome_, "outcome");
    if (outcome_value.type != JsonType::kObject) wrong(outcome, "an object", outcome_value);
    trace_.outcome = read_outcome(Fields(*outcome_, 0, outcome));
    if (!seen_tasks_) throw Invalid{"missing \"tasks\""};
    if (!seen_events_) throw Invalid{"missing \"events\""};
    for (size_t k = 0; k < unchecked_events_.size(); ++k) {
      check_event_refs(trace_.events[k], unchecked_events_[k]);
    }
    check_ref(trace_.outcome.error_task, "outcome.error.task");
    for (TaskId id : trace_.outcome.waiting) check_ref(id, "outcome.waiting");
  }

  static const JsonNode& top_value(const std::optional<JsonValue>& value, const char* key) {
    if (!value) throw Invalid{std::string("trace: missing \"") + key + "\""};
    return value->root();
  }

  void add_task(const Fields& f) {
    TraceTask& t = trace_.tasks.emplace_back();
    t.id = f.task_id("id", false);
    if (t.id != static_cast<TaskId>(trace_.tasks.size())) {
      throw Invalid{f.where().str() + ".id: expected " + std::to_string(trace_.tasks.size()) +
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

  void add_event(const Fields& f, size_t index) {
    TraceEvent& e = trace_.events.emplace_back();
    if (!read_event(f, e)) {
      trace_.events.pop_back();
      return;
    }
    // Ids can only be checked against tasks[] once it has been read; v1
    // writes it first, a file with the keys in another order is checked at
    // the end.
    if (seen_tasks_) check_event_refs(e, index);
    else unchecked_events_.push_back(index);
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

  JsonScanner json_;
  Trace& trace_;
  std::optional<JsonValue> format_, version_, program_, end_time_, outcome_;
  JsonValue element_;  // the element of tasks[] or events[] being read
  bool seen_tasks_ = false;
  bool seen_events_ = false;
  std::vector<size_t> unchecked_events_;  // events[] indices of events read before tasks[]
};

}  // namespace

TraceReadResult parse_trace(std::string_view text, const std::string& name) {
  TraceReadResult result;
  if (text.empty()) {
    result.error = name + ": empty file, not a corosim trace";
    return result;
  }
  try {
    TraceParser(text, result.trace).read();
  } catch (const JsonError& e) {
    result.error = json_error_message(name, text, e);
  } catch (const Invalid& invalid) {
    result.error = name + ": " + invalid.message;
  }
  if (!result.ok()) result.trace = Trace{};
  return result;
}

TraceReadResult read_trace(const std::string& path) {
  TraceReadResult result;
  std::optional<std::string> text = read_text_file(path, result.error);
  if (!text) return result;
  if (!is_gzip(*text)) return parse_trace(*text, path);
  GunzipResult unzipped = gunzip(*text);
  if (!unzipped.ok()) {
    result.error = path + ": " + unzipped.error;
    return result;
  }
  text.reset();  // the compressed bytes are not needed while parsing
  return parse_trace(unzipped.text, path);
}

}  // namespace corosim
