// The interface of every coroutine, whether compiled from `async def`
// (vm/coroutine) or written in C++ (asyncio.sleep's state machine): the
// send()/throw() protocol that Task.__step drives. Suspension is data: a
// coroutine keeps its state in heap objects, never on the C++ stack.
#pragma once

#include <string>

#include "sim/runtime/object.h"

namespace corosim {

// What one send() or throw() produced.
struct SendResult {
  enum class Kind {
    kYielded,   // suspended; value is what it yielded (a Future, or None for a bare yield)
    kReturned,  // finished; value is the return value (Python's StopIteration.value)
    kRaised,    // finished with an exception; value is the exception instance
  };
  Kind kind;
  Value value;
};

class CoroutineObject : public Object {
 public:
  using Object::Object;
  // Mirrors coro.send(value): None starts or resumes it.
  virtual SendResult send(const Value& value) = 0;
  // Mirrors coro.throw(exc): raises exc at the point where it is suspended.
  virtual SendResult throw_exc(const Value& exc) = 0;
  // __qualname__, e.g. "main", "sleep", "<module>".
  virtual std::string qualname() const = 0;
  // True once it has returned or raised (a finished coroutine cannot be resumed).
  virtual bool finished() const = 0;
  // Mirrors cr_await: the coroutine or Future it is suspended in, null when
  // it is not suspended in an await (the walk of sim/loop/await_chain.h).
  virtual Value awaiting() const { return Value(); }
  // The `self` of a library method's coroutine (the Lock of Lock.acquire),
  // null for a function: the object a suspended task is reported waiting on.
  virtual Value receiver() const { return Value(); }
};

}  // namespace corosim
