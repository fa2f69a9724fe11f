// ast_dump: an AST as text in the style of Python's ast.dump(), for tests and debugging.
#pragma once

#include <string>

#include "sim/front/ast.h"

namespace corosim::ast {

/// Like Python's `ast.dump(tree)` (no positions, no indentation): fields with
/// their default value (None, [] , Load ctx is printed) follow ast.dump's rules
/// closely enough that the two can be compared for the supported subset.
std::string dump(const Module& module);
std::string dump(const Stmt& stmt);
std::string dump(const Expr& expr);

}  // namespace corosim::ast
