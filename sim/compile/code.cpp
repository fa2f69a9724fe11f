#include "sim/compile/code.h"

#include <algorithm>

#include "sim/runtime/builtin_types.h"

namespace corosim {

CodeObject::CodeObject() : Object(ObjKind::kCode, builtin_types().code), doc(Value::none()) {}

CodeObject::~CodeObject() = default;

void CodeObject::clear_refs() {
  consts.clear();
  doc = Value();
}

int CodeObject::nparams() const {
  return argcount + kwonlyargcount + ((flags & CodeFlags::kVarargs) ? 1 : 0) +
         ((flags & CodeFlags::kVarkeywords) ? 1 : 0);
}

int CodeObject::line_for(size_t offset) const {
  return offset < positions.size() ? positions[offset].line : 0;
}

InstrPosition CodeObject::position_for(size_t offset) const {
  return offset < positions.size() ? positions[offset] : InstrPosition{};
}

const ExceptionTableEntry* CodeObject::find_handler(uint32_t offset) const {
  // The first row whose end is past offset; it covers offset if it starts at or before it.
  auto it = std::upper_bound(exception_table.begin(), exception_table.end(), offset,
                             [](uint32_t off, const ExceptionTableEntry& e) { return off < e.end; });
  if (it == exception_table.end() || it->start > offset) return nullptr;
  return &*it;
}

const std::string& CodeObject::deref_name(uint32_t index) const {
  return index < cellvars.size() ? cellvars[index] : freevars[index - cellvars.size()];
}

}  // namespace corosim
