// The coroutine of an `async def` (ObjKind::kCoroutine): calling an async
// function creates one without running anything; Task.__step drives it with
// send()/throw_exc(). Its frames live on the heap, so a suspended coroutine
// holds no C++ stack.
//
// `await` of another Python coroutine runs that coroutine's frame inline in
// the same dispatch loop (its frame is linked above the awaiting frame); a
// native coroutine or a Future is delegated to (yield-from). Either way, when
// the innermost frame suspends, every coroutine on the chain is suspended and
// the outermost send() returns SendResult::kYielded. The next send() walks the
// chain of delegates down to the innermost suspended point and resumes there.
#pragma once

#include <memory>
#include <string>

#include "sim/runtime/coroutine_object.h"

namespace corosim {

class Frame;
class FunctionObject;

/// Mirrors CPython's PyCoroObject (Objects/genobject.c). Invariant: frame_ is
/// non-null until the coroutine finishes; state_ says where it is.
class PyCoroObject final : public CoroutineObject {
 public:
  /// Mirrors CPython's cr_frame states (FRAME_CREATED, ...).
  enum class State { kCreated, kSuspended, kRunning, kFinished };

  /// Takes a frame whose arguments are already bound (see make_frame).
  PyCoroObject(std::unique_ptr<Frame> frame, std::string name, std::string qualname);
  ~PyCoroObject() override;
  void clear_refs() override;

  SendResult send(const Value& value) override;
  SendResult throw_exc(const Value& exc) override;
  std::string qualname() const override { return qualname_; }
  bool finished() const override { return state_ == State::kFinished; }
  /// While suspended: the awaitable on top of the frame suspended at AWAIT.
  Value awaiting() const override;

  /// coro.close(): throws GeneratorExit in; RuntimeError "coroutine ignored
  /// GeneratorExit" if it keeps running.
  void close();
  /// Mirrors genobject.c _PyGen_Finalize (3.11): closes it if suspended.
  bool needs_finalize() const override { return !finalized_ && state_ == State::kSuspended; }
  void finalize() override;

  const std::string& name() const { return name_; }
  State state() const { return state_; }

  // ---- used by the interpreter ----
  Frame* frame() const { return frame_.get(); }
  void set_state(State s) { state_ = s; }
  /// Drops the frame once the coroutine finished (its locals die with it).
  void finish();

 private:
  std::unique_ptr<Frame> frame_;
  std::string name_;
  std::string qualname_;
  State state_ = State::kCreated;
  bool finalized_ = false;  // CPython's _PyGC_FINALIZED: finalize() runs once
};

/// What close() makes of the result of throwing GeneratorExit into a
/// coroutine or generator: it yielded -> RuntimeError `ignored_message`; it
/// returned or raised GeneratorExit/StopIteration -> nothing; it raised
/// anything else -> that exception.
void end_close(const SendResult& r, const char* ignored_message);

}  // namespace corosim
