#include "sim/vm/generator.h"

#include "sim/runtime/builtin_types.h"
#include "sim/vm/vm_types.h"
#include "sim/runtime/exception.h"
#include "sim/vm/frame.h"
#include "sim/vm/interpreter.h"

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

// Mirrors Objects/genobject.c gen_send_ex2 for next(gen) (3.11).
bool PyGenObject::next(Value& out) {
  if (!frame_) return false;
  if (running_) raise_error(exception_types().value_error, "generator already executing");
  running_ = true;
  SendResult r{SendResult::Kind::kReturned, Value()};
  try {
    r = resume_generator_frame(*frame_, {Value::none(), false});
  } catch (...) {  // a run limit: the frame was abandoned
    running_ = false;
    frame_.reset();
    throw;
  }
  running_ = false;
  switch (r.kind) {
    case SendResult::Kind::kYielded: out = std::move(r.value); return true;
    case SendResult::Kind::kReturned: frame_.reset(); return false;
    case SendResult::Kind::kRaised: break;
  }
  frame_.reset();
  if (is_subtype(type_of(r.value), exception_types().stop_iteration)) {
    // PEP 479: StopIteration escaping a generator becomes RuntimeError.
    auto err = new_exception(exception_types().runtime_error, "generator raised StopIteration");
    err->cause = r.value;
    err->context = r.value;
    err->suppress_context = true;
    raise_exception(Value(err));
  }
  raise_exception(std::move(r.value));
}

bool generator_next(Object* gen, Value& out) { return static_cast<PyGenObject*>(gen)->next(out); }

}  // namespace corosim
