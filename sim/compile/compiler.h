// Compiler: a parsed module -> its CodeObject tree (bytecode in opcode.h), or
// the first compile error as a Diagnostic. Mirrors Python/compile.c (3.11):
// same code shapes (exception table, finally bodies inlined on return/break/
// continue, comprehensions as nested functions called at once), same error
// messages.
//
// Known departures from CPython, on purpose:
//  - annotations are never evaluated (they are kept in the AST, unused);
//  - module-level names use LOAD_GLOBAL/STORE_GLOBAL (a module's locals are
//    its globals), class bodies use the *_NAME opcodes;
//  - an await inside a generator expression and a yield inside an async def
//    (async generators in CPython) are refused as unsupported, and so is an
//    Ellipsis value.
#pragma once

#include <memory>
#include <optional>

#include "sim/compile/code.h"
#include "sim/front/ast.h"
#include "sim/front/diagnostic.h"
#include "sim/front/source.h"

namespace corosim {

/// Exactly one of code / error is set.
struct CompileResult {
  Ref<CodeObject> code;
  std::optional<Diagnostic> error;
  bool ok() const { return static_cast<bool>(code); }
};

/// Compiles a whole module. The code is flagged CodeFlags::kCoroutine when the
/// module body awaits (top-level await, asyncio-semantics.md section 9).
/// Errors are SyntaxErrors with CPython's wording ("'return' outside function",
/// "'await' outside async function", "no binding for nonlocal 'x' found", ...)
/// or kind "unsupported" for constructs outside corosim's subset.
/// `source` labels the code (filename, tracebacks) and the Diagnostics.
CompileResult compile_module(const ast::Module& module, std::shared_ptr<const SourceFile> source);

}  // namespace corosim
