#include "sim/vm/generator.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/frame.h"
#include "sim/vm/interpreter.h"
#include "sim/vm/vm_types.h"

namespace corosim {

PyGenObject::PyGenObject(std::unique_ptr<Frame> frame, std::string name, std::string qualname)
    : Object(ObjKind::kGenerator, builtin_types().generator),
      frame_(std::move(frame)),
      name_(std::move(name)),
      qualname_(std::move(qualname)) {
  frame_->owner = this;
  register_vm_types();
}

PyGenObject::~PyGenObject() = default;

void PyGenObject::clear_refs() {
  if (frame_ && !running_) frame_->clear();
}

SendResult PyGenObject::send(const Value& value) { return resume(value, false); }

SendResult PyGenObject::throw_exc(const Value& exc) { return resume(exc, true); }

// Mirrors Objects/genobject.c gen_send_ex2 (3.11).
SendResult PyGenObject::resume(const Value& value, bool is_throw) {
  // A body that drops the last reference to its own generator must not free
  // the frame it runs in.
  const Ref<PyGenObject> pin(this);
  const auto& x = exception_types();
  if (running_)
    return {SendResult::Kind::kRaised, Value(new_exception(x.value_error, "generator already executing"))};
  if (!frame_) {  // exhausted: send returns None, throw raises what it is given
    if (is_throw) return {SendResult::Kind::kRaised, value};
    return {SendResult::Kind::kReturned, Value::none()};
  }
  if (frame_->pc == 0) {
    if (is_throw) {  // thrown into before it ran: the body never starts
      frame_.reset();
      return {SendResult::Kind::kRaised, value};
    }
    if (!value.is_none() && !value.is_null())
      return {SendResult::Kind::kRaised,
              Value(new_exception(x.type_error, "can't send non-None value to a just-started generator"))};
  }
  running_ = true;
  SendResult r{SendResult::Kind::kReturned, Value()};
  try {
    r = resume_generator_frame(*frame_, {value, is_throw});
  } catch (...) {  // a run limit: the frame was abandoned
    running_ = false;
    frame_.reset();
    throw;
  }
  running_ = false;
  if (r.kind == SendResult::Kind::kYielded) return r;
  frame_.reset();
  if (r.kind == SendResult::Kind::kRaised && is_subtype(type_of(r.value), x.stop_iteration)) {
    // PEP 479: StopIteration escaping a generator becomes RuntimeError.
    auto err = new_exception(x.runtime_error, "generator raised StopIteration");
    err->cause = r.value;
    err->context = r.value;
    err->suppress_context = true;
    r.value = Value(err);
  }
  return r;
}

// Mirrors Objects/genobject.c gen_close (3.11); a delegate of `yield from`
// is closed by YIELD_FROM when GeneratorExit is thrown in.
void PyGenObject::close() {
  if (!frame_) return;
  Value exit = Value(new_exception(exception_types().generator_exit, std::vector<Value>{}));
  end_close(throw_exc(exit), "generator ignored GeneratorExit");
}

// A generator that never started has no frame to unwind (CPython's close
// ends it without running code), so only a suspended one is closed.
bool PyGenObject::needs_finalize() const { return !finalized_ && frame_ && frame_->pc != 0 && !running_; }

void PyGenObject::finalize() {
  if (!needs_finalize()) return;
  finalized_ = true;
  close();
}

bool PyGenObject::next(Value& out) {
  SendResult r = send(Value::none());
  switch (r.kind) {
    case SendResult::Kind::kYielded: out = std::move(r.value); return true;
    case SendResult::Kind::kReturned: return false;
    case SendResult::Kind::kRaised: break;
  }
  raise_exception(std::move(r.value));
}

bool generator_next(Object* gen, Value& out) { return static_cast<PyGenObject*>(gen)->next(out); }

}  // namespace corosim
