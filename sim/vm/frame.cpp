#include "sim/vm/frame.h"

#include "sim/vm/function.h"

namespace corosim {

Frame::Frame(Ref<CodeObject> c, Value g, Kind k) : code(std::move(c)), globals(std::move(g)), kind(k) {
  const uint32_t nlocals = code->nlocals();
  const uint32_t nderef = code->ncellvars() + code->nfreevars();
  cells_offset_ = nlocals;
  stack_offset_ = nlocals + nderef;
  nslots_ = stack_offset_ + static_cast<uint32_t>(code->stacksize);
  slots_ = std::make_unique<Value[]>(nslots_);
  sp = stack_base();
  // Cell variables start as empty cells; free variables are filled from the
  // function's closure by make_frame.
  for (int i = 0; i < code->ncellvars(); ++i) cells()[i] = Value(make<CellObject>());
}

Frame::~Frame() = default;

void Frame::clear() {
  for (uint32_t i = 0; i < nslots_; ++i) slots_[i] = Value();
  sp = stack_base();
  globals = Value();
  locals_dict = Value();
  exc_state.exc = Value();
}

}  // namespace corosim
