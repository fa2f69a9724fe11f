// The words trace format v1 uses for the enums of a trace (trace_sink.h,
// trace_model.h): one table each, for the writer and the reader of the
// format and for every view and report that names them.
#pragma once

#include "sim/trace/trace_model.h"

namespace corosim {

const char* outcome_status_name(Outcome::Status status);  ///< "ok", "error", "deadlock", "until", "limit"
const char* waits_on_name(WaitsOn::What what);            ///< "sleep", "task", "gather", "yield", "future"
const char* task_end_state_name(TaskEnd::State state);    ///< "done", "failed", "cancelled"
const char* task_state_name(TraceTask::State state);      ///< "done", "failed", "cancelled", "pending"

}  // namespace corosim
