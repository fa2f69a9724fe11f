// The generator of a `def` containing yield, or of a generator expression
// (ObjKind::kGenerator): the send/throw protocol over a heap frame that
// yields. Suspension is data (the frame keeps its pc and stack); each resume
// from native code (next(), iter_next, send) is a short nested run of the
// dispatch loop, bounded like any other native re-entry.
#pragma once

#include <memory>
#include <string>

#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/object.h"

namespace corosim {

class Frame;

/// Mirrors CPython's PyGenObject (Objects/genobject.c). Invariant: frame_ is
/// non-null until the generator is exhausted (returned, raised or closed).
class PyGenObject final : public Object {
 public:
  PyGenObject(std::unique_ptr<Frame> frame, std::string name, std::string qualname);
  ~PyGenObject() override;
  void clear_refs() override;

  /// gen.send(value) (None: next(gen)); a running generator reports
  /// ValueError "generator already executing" as kRaised.
  SendResult send(const Value& value);
  /// gen.throw(exc) with an exception instance.
  SendResult throw_exc(const Value& exc);
  /// gen.close(): throws GeneratorExit in; RuntimeError "generator ignored
  /// GeneratorExit" if it yields instead.
  void close();
  /// Mirrors genobject.c _PyGen_Finalize (3.11): closes it if suspended.
  bool needs_finalize() const override;
  void finalize() override;

  /// next(gen): true and the value when it yielded; false when exhausted.
  /// Exceptions of the generator body propagate as PyException.
  bool next(Value& out);

  const std::string& name() const { return name_; }
  const std::string& qualname() const { return qualname_; }
  bool finished() const { return frame_ == nullptr; }
  bool running() const { return running_; }

 private:
  SendResult resume(const Value& value, bool is_throw);

  std::unique_ptr<Frame> frame_;
  std::string name_;
  std::string qualname_;
  bool running_ = false;
  bool finalized_ = false;  // CPython's _PyGC_FINALIZED: finalize() runs once
};

/// The runtime's hook for iter_next on a kGenerator (see sim/runtime/call.h).
bool generator_next(Object* gen, Value& out);

}  // namespace corosim
