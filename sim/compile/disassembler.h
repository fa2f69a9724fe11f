// Disassembler: a CodeObject as a readable listing (clox debug.c, CPython's
// dis). Used by the compiler tests and by a future `corosim dis` command.
#pragma once

#include <string>

#include "sim/compile/code.h"

namespace corosim {

/// The listing of `code` and then, recursively, of every code object among
/// its constants. One line per instruction:
///     LINE MARK OFFSET OPNAME ARG (MEANING)
/// LINE only where the source line changes, MARK ">>" on jump targets and
/// handlers, then the exception table as "[start, end) -> handler depth N".
std::string disassemble(const CodeObject& code);

/// The listing of `code` alone (no nested code objects).
std::string disassemble_one(const CodeObject& code);

/// How a constant appears in a listing: Python's repr for None, bools, ints,
/// floats, strs and tuples; "<code NAME, line N>" for code objects.
std::string constant_repr(const Value& v);

}  // namespace corosim
