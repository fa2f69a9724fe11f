// CodeObject: the compiled form of one scope (module, function, lambda,
// comprehension, generator expression, class body) -- bytecode (opcode.h),
// its tables, and what the VM needs to build a frame for it. Mirrors CPython's
// PyCodeObject (Include/cpython/code.h, 3.11) without its specialisation cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/compile/opcode.h"
#include "sim/front/source.h"
#include "sim/runtime/object.h"

namespace corosim {

/// co_flags bits. The values are CPython's where CPython has the flag.
struct CodeFlags {
  static constexpr uint32_t kVarargs = 0x0004;       ///< has *args (the slot after kw-only params)
  static constexpr uint32_t kVarkeywords = 0x0008;   ///< has **kwargs (the slot after *args)
  static constexpr uint32_t kNested = 0x0010;        ///< defined inside a function
  static constexpr uint32_t kGenerator = 0x0020;     ///< calling it makes a generator (a def with yield, a genexpr)
  static constexpr uint32_t kCoroutine = 0x0080;     ///< calling it makes a coroutine (async def,
                                                     ///< async comprehension, module with top-level await)
  static constexpr uint32_t kClassBody = 0x10000;    ///< corosim: the frame gets a fresh locals dict
                                                     ///< (the class namespace) for *_NAME opcodes
};

/// One row of the exception table: an exception raised by an instruction at
/// offset start <= i < end is handled by truncating the value stack to `depth`
/// values, pushing the exception and jumping to `handler`. Rows do not overlap
/// and are sorted by start (the innermost handler is already chosen).
struct ExceptionTableEntry {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t handler = 0;
  uint32_t depth = 0;
  bool operator==(const ExceptionTableEntry&) const = default;
};

/// The source span an instruction comes from (1-based lines and character
/// columns, end exclusive; as ast::Node). line == 0: no position.
struct InstrPosition {
  int line = 0;
  int col = 0;
  int end_line = 0;
  int end_col = 0;
  bool operator==(const InstrPosition&) const = default;
};

/// Immutable once the compiler returns it. Invariants: positions.size() ==
/// code.size(); every jump target and handler is < code.size(); every operand
/// indexes its table (opcode.h OperandKind); stacksize bounds the value stack
/// on every path.
class CodeObject : public Object {
 public:
  CodeObject();
  ~CodeObject() override;
  void clear_refs() override;

  std::string name;       ///< co_name: "main", "<lambda>", "<listcomp>", "<genexpr>", "<module>", class name
  std::string qualname;   ///< co_qualname: "outer.<locals>.inner", "C.method", "<module>"
  std::string filename;   ///< the program's path, as given
  int first_line = 1;     ///< line of the def/lambda/class (1 for a module)
  uint32_t flags = 0;     ///< CodeFlags bits

  /// Parameters, in varnames order: argcount positional-or-keyword ones, then
  /// kwonlyargcount keyword-only ones, then *args (kVarargs), then **kwargs
  /// (kVarkeywords). A comprehension/genexpr has one parameter, ".0" (the
  /// iterator of its first `for`).
  int argcount = 0;
  int kwonlyargcount = 0;

  std::vector<std::string> varnames;  ///< fast locals: parameters first, then the other locals
  std::vector<std::string> cellvars;  ///< locals captured by nested scopes (cells made empty at frame creation)
  std::vector<std::string> freevars;  ///< variables of enclosing scopes (from the function's closure)
  std::vector<std::string> names;     ///< global, attribute and import names
  std::vector<Value> consts;          ///< None/bool/int/float/str, tuples of constants, frozenset constants (SetObject, never mutated), nested CodeObjects
  Value doc;                          ///< __doc__: the docstring (str) or None

  std::vector<Instr> code;
  std::vector<ExceptionTableEntry> exception_table;
  std::vector<InstrPosition> positions;  ///< one per instruction
  int stacksize = 0;                     ///< maximum value-stack depth

  /// For printing source lines in tracebacks; may be null (tests).
  std::shared_ptr<const SourceFile> source;

  int nlocals() const { return static_cast<int>(varnames.size()); }
  int ncellvars() const { return static_cast<int>(cellvars.size()); }
  int nfreevars() const { return static_cast<int>(freevars.size()); }
  /// Number of parameter slots, *args and **kwargs included.
  int nparams() const;
  bool is_coroutine() const { return flags & CodeFlags::kCoroutine; }
  bool is_generator() const { return flags & CodeFlags::kGenerator; }

  /// Source line of the instruction at `offset` (0 when unknown).
  int line_for(size_t offset) const;
  /// Full span of the instruction at `offset` (all zero when unknown).
  InstrPosition position_for(size_t offset) const;
  /// The exception-table row covering `offset`, or null (binary search).
  const ExceptionTableEntry* find_handler(uint32_t offset) const;
  /// Name of the cell or free variable with LOAD_DEREF-index `index`.
  const std::string& deref_name(uint32_t index) const;
};

}  // namespace corosim
