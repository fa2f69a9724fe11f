#include "sim/trace/json_trace_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/trace/json_text.h"

namespace corosim {
namespace {

// Events are handed to the side file in chunks of about this size, so memory
// stays flat however long the run.
constexpr size_t kEventFlushBytes = 64 * 1024;
constexpr size_t kCopyChunkBytes = 64 * 1024;

// A task id, or null for "no task" (0).
void append_task_ref(std::string& out, TaskId id) {
  if (id == 0) out += "null";
  else append_json_int(out, id);
}

void append_key(std::string& out, const char* key) {
  out += ", \"";
  out += key;
  out += "\": ";
}

void append_id_list(std::string& out, const std::vector<TaskId>& ids) {
  out += '[';
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ", ";
    append_json_int(out, ids[i]);
  }
  out += ']';
}

void append_waits_on(std::string& out, const WaitsOn& waits_on) {
  out += "{\"what\": ";
  append_json_string(out, waits_on_name(waits_on.what));
  switch (waits_on.what) {
    case WaitsOn::What::kSleep:
      append_key(out, "until");
      append_json_number(out, waits_on.until);
      break;
    case WaitsOn::What::kTask:
      append_key(out, "task");
      append_task_ref(out, waits_on.task);
      break;
    case WaitsOn::What::kGather:
      append_key(out, "tasks");
      append_id_list(out, waits_on.tasks);
      break;
    case WaitsOn::What::kYield:
    case WaitsOn::What::kFuture:
      break;
  }
  if (!waits_on.primitive.empty()) {
    append_key(out, "primitive");
    append_json_string(out, waits_on.primitive);
  }
  if (waits_on.object) {
    append_key(out, "object");
    append_json_int(out, waits_on.object);
  }
  if (waits_on.line) {
    append_key(out, "line");
    append_json_int(out, waits_on.line);
  }
  out += '}';
}

// Opens a side file next to `near` and unlinks it at once: it lives only as
// long as the descriptor, so nothing is left behind even if corosim is killed.
std::FILE* open_side_file(const std::string& near, int& err) {
  std::string path = temporary_path_for(near);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    err = errno;
    return nullptr;
  }
  ::unlink(path.c_str());
  std::FILE* file = ::fdopen(fd, "w+b");
  if (!file) {
    err = errno;
    ::close(fd);
  }
  return file;
}

}  // namespace

// Mirrors reftrace.py's outcome dicts: {"status": ...} plus the status's fields.
std::string outcome_json(const Outcome& outcome) {
  std::string out = "{\"status\": ";
  append_json_string(out, outcome_status_name(outcome.status));
  switch (outcome.status) {
    case Outcome::Status::kError:
      out += ", \"error\": {\"type\": ";
      append_json_string(out, outcome.error_type);
      append_key(out, "message");
      append_json_string(out, outcome.error_message);
      append_key(out, "task");
      append_task_ref(out, outcome.error_task);
      out += '}';
      break;
    case Outcome::Status::kDeadlock:
      append_key(out, "waiting");
      append_id_list(out, outcome.waiting);
      break;
    case Outcome::Status::kLimit:
      append_key(out, "limit");
      append_json_string(out, outcome.limit);
      break;
    case Outcome::Status::kOk:
    case Outcome::Status::kUntil:
      break;
  }
  out += '}';
  return out;
}

JsonTraceWriter::JsonTraceWriter(std::string out_path, std::string program)
    : out_(std::move(out_path)), program_(std::move(program)) {
  if (!out_.ok()) {
    error_ = out_.error();
    return;
  }
  int err = 0;
  events_file_ = open_side_file(out_.path(), err);
  if (!events_file_) fail(write_error_message(out_.path(), err));
}

JsonTraceWriter::~JsonTraceWriter() {
  if (events_file_) std::fclose(events_file_);
}

void JsonTraceWriter::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

JsonTraceWriter::TaskRecord* JsonTraceWriter::record(TaskId id) {
  if (id < 1 || static_cast<size_t>(id) > tasks_.size()) return nullptr;
  return &tasks_[static_cast<size_t>(id - 1)];
}

// Starts `{"t": T, "kind": "KIND", "task": ID` in the event buffer; the caller
// appends the kind's fields and calls end_event().
std::string& JsonTraceWriter::begin_event(double t, const char* kind, TaskId task) {
  std::string& out = event_buffer_;
  out += any_event_ ? ",\n    {\"t\": " : "    {\"t\": ";
  any_event_ = true;
  append_json_number(out, t);
  append_key(out, "kind");
  append_json_string(out, kind);
  append_key(out, "task");
  append_task_ref(out, task);
  return out;
}

void JsonTraceWriter::end_event() {
  event_buffer_ += '}';
  if (event_buffer_.size() >= kEventFlushBytes) flush_events();
}

void JsonTraceWriter::flush_events() {
  if (!ok()) {
    event_buffer_.clear();
    return;
  }
  if (std::fwrite(event_buffer_.data(), 1, event_buffer_.size(), events_file_) !=
      event_buffer_.size()) {
    fail(write_error_message(out_.path(), errno));
  }
  event_buffer_.clear();
}

void JsonTraceWriter::on_create(double t, const TaskInfo& task) {
  if (task.id >= 1) {
    if (static_cast<size_t>(task.id) > tasks_.size()) tasks_.resize(static_cast<size_t>(task.id));
    TaskRecord& r = tasks_[static_cast<size_t>(task.id - 1)];
    r.name = task.name;
    r.coro = coro_index(task.coro);
    r.internal = task.internal;
    r.parent = task.parent;
    r.created = t;
  }
  std::string& out = begin_event(t, "create", task.id);
  append_key(out, "parent");
  append_task_ref(out, task.parent);
  end_event();
}

void JsonTraceWriter::on_rename(TaskId task, const std::string& name) {
  if (TaskRecord* r = record(task)) r->name = name;
}

void JsonTraceWriter::on_resume(double t, TaskId task) {
  begin_event(t, "resume", task);
  end_event();
}

void JsonTraceWriter::on_suspend(double t, TaskId task, const WaitsOn& waits_on) {
  std::string& out = begin_event(t, "suspend", task);
  append_key(out, "waits_on");
  append_waits_on(out, waits_on);
  end_event();
}

void JsonTraceWriter::on_done(double t, TaskId task, const TaskEnd& end) {
  if (TaskRecord* r = record(task)) {
    r->finished = t;
    r->is_finished = true;
    r->state = end.state;
  }
  std::string& out = begin_event(t, "done", task);
  append_key(out, "state");
  append_json_string(out, task_end_state_name(end.state));
  if (end.state == TaskEnd::State::kDone) {
    append_key(out, "result");
    append_json_string(out, end.result);
  } else if (end.state == TaskEnd::State::kFailed) {
    out += ", \"exception\": {\"type\": ";
    append_json_string(out, end.exc_type);
    append_key(out, "message");
    append_json_string(out, end.exc_message);
    out += '}';
  }
  end_event();
}

void JsonTraceWriter::on_cancel(double t, TaskId task, TaskId by,
                                const std::optional<std::string>& msg) {
  std::string& out = begin_event(t, "cancel", task);
  append_key(out, "by");
  append_task_ref(out, by);
  if (msg) {
    append_key(out, "msg");
    append_json_string(out, *msg);
  }
  end_event();
}

void JsonTraceWriter::on_print(double t, TaskId task, const std::string& text) {
  std::string& out = begin_event(t, "print", task);
  append_key(out, "text");
  append_json_string(out, text);
  end_event();
}

bool JsonTraceWriter::copy_events_into_output() {
  if (std::fflush(events_file_) != 0 || std::fseek(events_file_, 0, SEEK_SET) != 0) {
    fail(write_error_message(out_.path(), errno));
    return false;
  }
  std::string chunk(kCopyChunkBytes, '\0');
  size_t n;
  while ((n = std::fread(chunk.data(), 1, chunk.size(), events_file_)) > 0) {
    out_.write(std::string_view(chunk.data(), n));
  }
  if (std::ferror(events_file_)) {
    fail("cannot write '" + out_.path() + "': reading back the events failed");
    return false;
  }
  return true;
}

uint32_t JsonTraceWriter::coro_index(const std::string& coro) {
  auto [it, added] = coro_index_.try_emplace(coro, static_cast<uint32_t>(coro_names_.size()));
  if (added) coro_names_.push_back(coro);
  return it->second;
}

// The `tasks` array's lines, written in chunks like the events.
void JsonTraceWriter::write_task_records() {
  std::string out;
  for (size_t i = 0; i < tasks_.size(); ++i) {
    const TaskRecord& r = tasks_[i];
    out += i ? ",\n    {\"id\": " : "\n    {\"id\": ";
    append_json_int(out, static_cast<int64_t>(i + 1));
    append_key(out, "name");
    append_json_string(out, r.name);
    append_key(out, "coro");
    append_json_string(out, coro_names_.empty() ? "" : coro_names_[r.coro]);
    append_key(out, "parent");
    append_task_ref(out, r.parent);
    append_key(out, "created");
    append_json_number(out, r.created);
    append_key(out, "finished");
    if (r.is_finished) append_json_number(out, r.finished);
    else out += "null";
    append_key(out, "state");
    append_json_string(out, r.is_finished ? task_end_state_name(r.state) : task_state_name(TraceTask::State::kPending));
    append_key(out, "internal");
    out += r.internal ? "true}" : "false}";
    if (out.size() >= kEventFlushBytes) {
      out_.write(out);
      out.clear();
    }
  }
  out_.write(out);
}

// Assembles the document: header, task records, then the streamed events.
void JsonTraceWriter::on_end(double end_time, const Outcome& outcome) {
  flush_events();
  if (!ok()) return;
  std::string head = "{\n  \"format\": \"corosim-trace\",\n  \"version\": 1,\n  \"program\": ";
  append_json_string(head, program_);
  head += ",\n  \"end_time\": ";
  append_json_number(head, end_time);
  head += ",\n  \"outcome\": " + outcome_json(outcome) + ",\n  \"tasks\": [";
  out_.write(head);
  write_task_records();
  out_.write(tasks_.empty() ? "],\n  \"events\": [" : "\n  ],\n  \"events\": [");
  if (any_event_) out_.write("\n");
  if (!copy_events_into_output()) return;
  out_.write(any_event_ ? "\n  ]\n}\n" : "]\n}\n");
  if (!out_.commit()) fail(out_.error());
}

}  // namespace corosim
