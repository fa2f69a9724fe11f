// Frame: one activation of a code object, on the heap. Suspension is data:
// a coroutine's frame keeps its pc, value stack and locals between send()s.
//
// Layout of slots_: [fast locals | cells + free vars | value stack], sized
// from the code object once, so running never allocates per instruction.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/compile/code.h"
#include "sim/runtime/object.h"

namespace corosim {

/// One link of CPython's exc_info chain (_PyErr_StackItem): the exception
/// being handled in a coroutine or generator (its gi_exc_state), or at the
/// base of the thread. PUSH_EXC_INFO / POP_EXCEPT change the innermost one.
struct ExcInfo {
  Value exc;                  ///< null or None: nothing is being handled here
  ExcInfo* previous = nullptr;
};

/// Invariant: stack_base() <= sp <= stack_base() + code->stacksize; pc - 1 is
/// the instruction being run (the one an exception is attributed to).
class Frame {
 public:
  /// Who owns the frame and what its return means.
  enum class Kind : uint8_t {
    kFunction,   ///< plain call: owned by the dispatch loop, freed on return
    kCoroutine,  ///< owned by a PyCoroObject; has its own exc_state
    kGenerator,  ///< owned by a PyGenObject; has its own exc_state
    kModule,     ///< a module body run by exec_module (owned by it)
  };

  Frame(Ref<CodeObject> code, Value globals, Kind kind);
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;
  ~Frame();

  /// Drops every value the frame holds (locals, stack, cells).
  void clear();

  Value* locals() { return slots_.get(); }
  Value* cells() { return slots_.get() + cells_offset_; }  // cellvars then freevars
  Value* stack_base() { return slots_.get() + stack_offset_; }
  int stack_depth() const { return static_cast<int>(sp - (slots_.get() + stack_offset_)); }

  // NOTE: forced inline: the dispatch loop is too large for GCC's inliner
  // heuristics, and these run several times per instruction.
  [[gnu::always_inline]] void push(Value v) { *sp++ = std::move(v); }
  [[gnu::always_inline]] Value pop() { return std::move(*--sp); }
  [[gnu::always_inline]] Value& top() { return sp[-1]; }
  [[gnu::always_inline]] Value& peek(int n) { return sp[-1 - n]; }  ///< peek(0) == top()
  /// Drops the top n values.
  [[gnu::always_inline]] void drop(int n) {
    for (; n > 0; --n) *--sp = Value();
  }

  /// Source line of the instruction being run (pc - 1).
  int current_line() const { return code->line_for(pc ? pc - 1 : 0); }

  Ref<CodeObject> code;
  Value globals;                 ///< the module's globals dict
  Value locals_dict;             ///< class bodies only (CodeFlags::kClassBody)
  Kind kind;
  uint32_t pc = 0;               ///< next instruction
  Value* sp = nullptr;           ///< next free stack slot
  Frame* back = nullptr;         ///< the frame below on the running chain; not owned
  Object* owner = nullptr;       ///< the PyCoroObject / PyGenObject owning this frame
  bool is_entry = false;         ///< bottom of one dispatch-loop run: returning leaves it
  /// True while stack top is a PyCoroObject whose frame runs above this one
  /// (AWAIT of a compiled coroutine); pc is then just past the AWAIT.
  bool awaiting_inline = false;
  ExcInfo exc_state;             ///< coroutine and generator frames only

 private:
  std::unique_ptr<Value[]> slots_;
  uint32_t cells_offset_ = 0;
  uint32_t stack_offset_ = 0;
  uint32_t nslots_ = 0;
};

}  // namespace corosim
