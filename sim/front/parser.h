// Parser: source text -> AST (ast.h), or the first Diagnostic.
#pragma once

#include <memory>
#include <optional>

#include "sim/front/ast.h"
#include "sim/front/diagnostic.h"
#include "sim/front/lexer.h"
#include "sim/front/source.h"

namespace corosim {

/// Parser recursion limit (nested expressions, unary operators, lambdas; long
/// operator, call/attribute and elif chains count one level per
/// kChainLinksPerLevel links). Deeper input gets a Diagnostic instead of a deep
/// C++ stack. Above kMaxParenDepth (lexer.h), so that nested brackets get
/// CPython's "too many nested parentheses"; the indentation limit is in lexer.h.
inline constexpr int kMaxNestingDepth = 300;
inline constexpr int kChainLinksPerLevel = 4;

/// Exactly one of module / error is set.
struct ParseResult {
  std::unique_ptr<ast::Module> module;
  std::optional<Diagnostic> error;
  bool ok() const { return module != nullptr; }
};

/// Parses a whole file (validating UTF-8 first). Never throws for bad input;
/// the first error is returned as a Diagnostic. Guarantees: every AST returned
/// has a height below a few times kMaxNestingDepth, so recursive walks are safe.
ParseResult parse(const SourceFile& source);

}  // namespace corosim
