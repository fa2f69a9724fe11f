#include "sim/loop/await_chain.h"

#include <vector>

#include "sim/loop/wait_primitives.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/frame.h"

namespace corosim {
namespace {

const CoroutineObject* as_coroutine(const Value& v) {
  return v.is_object() ? dynamic_cast<const CoroutineObject*>(v.obj()) : nullptr;
}

// A coroutine compiled from the program's source (not a library one).
const PyCoroObject* as_program_coroutine(const Value& v) {
  const auto* py = v.is_object() ? dynamic_cast<const PyCoroObject*>(v.obj()) : nullptr;
  return py && py->frame() ? py : nullptr;
}

}  // namespace

AwaitChain walk_await_chain(const Ref<CoroutineObject>& coro) {
  // The chain, outermost first, ending at what the innermost coroutine awaits.
  std::vector<Value> chain{Value(coro)};
  while (const CoroutineObject* link = as_coroutine(chain.back())) {
    Value next = link->awaiting();
    if (next.is_null()) break;
    chain.push_back(std::move(next));
  }
  AwaitChain out;
  size_t below_program = 0;  // the first index below the innermost program frame
  for (size_t i = 0; i < chain.size(); ++i) {
    if (const PyCoroObject* program = as_program_coroutine(chain[i])) {
      out.line = program->frame()->current_line();
      below_program = i + 1;
    }
  }
  for (size_t i = below_program; i < chain.size() && !out.primitive; ++i) {
    const CoroutineObject* library = as_coroutine(chain[i]);
    if (!library) continue;
    out.primitive = wait_primitive(library->qualname());
    if (out.primitive) out.receiver = library->receiver();
  }
  out.program_awaits_future = below_program > 0 && below_program < chain.size() &&
                              !as_coroutine(chain[below_program]);
  return out;
}

}  // namespace corosim
