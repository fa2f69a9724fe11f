#include "sim/trace/trace_names.h"

namespace corosim {
namespace {

// In enum order.
constexpr const char* kStatusNames[] = {"ok", "error", "deadlock", "until", "limit"};
constexpr const char* kWaitsOnNames[] = {"sleep", "task", "gather", "yield", "future"};
// TaskEnd::State's three, then TraceTask::State's fourth.
constexpr const char* kStateNames[] = {"done", "failed", "cancelled", "pending"};

static_assert(static_cast<int>(TraceTask::State::kPending) == 3);
static_assert(static_cast<int>(TaskEnd::State::kCancelled) == static_cast<int>(TraceTask::State::kCancelled));

}  // namespace

const char* outcome_status_name(Outcome::Status status) { return kStatusNames[static_cast<int>(status)]; }

const char* waits_on_name(WaitsOn::What what) { return kWaitsOnNames[static_cast<int>(what)]; }

const char* task_end_state_name(TaskEnd::State state) { return kStateNames[static_cast<int>(state)]; }

const char* task_state_name(TraceTask::State state) { return kStateNames[static_cast<int>(state)]; }

}  // namespace corosim
