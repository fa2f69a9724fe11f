#include "sim/vm/coroutine.h"

#include "sim/runtime/builtin_types.h"
#include "sim/vm/vm_types.h"
#include "sim/runtime/exception.h"
#include "sim/vm/frame.h"
#include "sim/vm/interpreter.h"

namespace corosim {

PyCoroObject::PyCoroObject(std::unique_ptr<Frame> frame, std::string name, std::string qualname)
    : CoroutineObject(ObjKind::kCoroutine, builtin_types().coroutine),
      frame_(std::move(frame)),
      name_(std::move(name)),
      qualname_(std::move(qualname)) {
  frame_->owner = this;
  register_vm_types();
}

PyCoroObject::~PyCoroObject() = default;

void PyCoroObject::clear_refs() {
  if (frame_ && state_ != State::kRunning) frame_->clear();
}

// The pin keeps a coroutine whose body drops the last reference to it
// alive while its frame runs.
SendResult PyCoroObject::send(const Value& value) {
  const Ref<PyCoroObject> pin(this);
  return resume_coroutine(*this, {value, false});
}

SendResult PyCoroObject::throw_exc(const Value& exc) {
  const Ref<PyCoroObject> pin(this);
  return resume_coroutine(*this, {exc, true});
}

Value PyCoroObject::awaiting() const {
  if (state_ != State::kSuspended || frame_->stack_depth() == 0) return Value();
  return frame_->sp[-1];
}

void PyCoroObject::finish() {
  state_ = State::kFinished;
  frame_.reset();
}

// Mirrors Objects/genobject.c gen_close (3.11).
void PyCoroObject::close() {
  if (state_ == State::kCreated) {
    finish();
    return;
  }
  if (state_ == State::kFinished) return;
  end_close(throw_exc(Value(new_exception(exception_types().generator_exit, std::vector<Value>{}))),
            "coroutine ignored GeneratorExit");
}

// A coroutine that never started only gets CPython's "never awaited"
// warning (logged, not printed here); a suspended one is closed.
void PyCoroObject::finalize() {
  if (!needs_finalize()) return;
  finalized_ = true;
  close();
}

// The end of Objects/genobject.c gen_close (3.11), once GeneratorExit was thrown in.
void end_close(const SendResult& r, const char* ignored_message) {
  switch (r.kind) {
    case SendResult::Kind::kYielded: raise_error(exception_types().runtime_error, ignored_message);
    case SendResult::Kind::kReturned: return;
    case SendResult::Kind::kRaised:
      if (is_subtype(type_of(r.value), exception_types().generator_exit) ||
          is_subtype(type_of(r.value), exception_types().stop_iteration))
        return;
      raise_exception(r.value);
  }
}

}  // namespace corosim
