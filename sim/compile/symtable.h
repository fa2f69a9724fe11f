// Scope analysis: which names of each scope are locals, globals, cells or free
// variables, and the compile errors CPython's symtable reports ("name 'x' is
// used prior to global declaration", "no binding for nonlocal 'x' found", ...).
// Mirrors Python/symtable.c (3.11): a first pass records how each scope uses
// each name, a second pass (analyze) resolves names against enclosing scopes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "sim/front/ast.h"
#include "sim/front/diagnostic.h"
#include "sim/front/source.h"

namespace corosim {

enum class ScopeKind : uint8_t {
  kModule,
  kFunction,       ///< def and async def
  kLambda,
  kComprehension,  ///< list/set/dict comprehension and generator expression
  kClass,
};

/// Where a name lives at run time (CPython's LOCAL, GLOBAL_EXPLICIT, ...).
enum class NameScope : uint8_t {
  kLocal,           ///< fast local (module/class: a name in the namespace dict)
  kGlobalExplicit,  ///< declared `global`
  kGlobalImplicit,  ///< not bound in any enclosing function: global, then builtins
  kFree,            ///< bound in an enclosing function (or `nonlocal`)
  kCell,            ///< local, and captured by a nested scope
};

/// How a scope uses one name (symtable.c DEF_* flags).
struct SymbolFlags {
  static constexpr uint32_t kGlobal = 1;       ///< `global x`
  static constexpr uint32_t kLocal = 2;        ///< assigned, deleted, imported, def/class name, for/except target
  static constexpr uint32_t kParam = 4;        ///< a parameter
  static constexpr uint32_t kNonlocal = 8;     ///< `nonlocal x`
  static constexpr uint32_t kUse = 16;         ///< read
  static constexpr uint32_t kFreeClass = 32;   ///< class scope: free in a method and bound in the class
  static constexpr uint32_t kBound = kLocal | kParam;
};

struct Symbol {
  std::string name;
  uint32_t flags = 0;
  NameScope scope = NameScope::kGlobalImplicit;
};

/// One scope. Symbols keep their first-use order (for deterministic tables).
class Scope {
 public:
  Scope(ScopeKind kind, std::string name, int line, int col);

  ScopeKind kind() const { return kind_; }
  /// "<module>", the function/class name, "<lambda>", "<listcomp>", "<setcomp>",
  /// "<dictcomp>", "<genexpr>".
  const std::string& name() const { return name_; }
  int line() const { return line_; }
  int col() const { return col_; }

  /// The resolved scope of `name`; names the scope never mentions are
  /// implicit globals (or free, when an enclosing function binds them --
  /// only the analysis can know, so ask only about names the AST mentions).
  NameScope scope_of(const std::string& name) const;
  const Symbol* find(const std::string& name) const;
  const std::vector<Symbol>& symbols() const { return symbols_; }
  /// Parameters in CodeObject.varnames order (comprehensions: ".0").
  const std::vector<std::string>& params() const { return params_; }
  const std::vector<Scope*>& children() const { return children_; }

  bool is_function_like() const {
    return kind_ == ScopeKind::kFunction || kind_ == ScopeKind::kLambda ||
           kind_ == ScopeKind::kComprehension;
  }
  bool is_async() const { return is_async_; }
  /// An await is evaluated in this scope: directly, or by calling a nested
  /// comprehension that awaits. Decides kCoroutine for comprehensions and the
  /// module (top-level await). (The parser already refuses a module-level
  /// `nonlocal` and duplicate parameters; the checks here are the backstop.)
  bool has_await() const { return has_await_; }
  bool is_generator_exp() const { return is_genexp_; }
  /// The scope contains `yield` or `yield from` (a def makes a generator
  /// function; elsewhere the compiler reports the error).
  bool is_generator() const { return is_generator_; }
  /// Nested in a function (CPython's ste_nested; qualnames get ".<locals>").
  bool is_nested() const { return is_nested_; }
  /// Class scope: a method uses super() or __class__, so the class body
  /// creates the __class__ cell.
  bool needs_class_cell() const { return needs_class_cell_; }

 private:
  friend class SymbolTableBuilder;
  friend class SymbolTable;
  Symbol& add(const std::string& name);

  ScopeKind kind_;
  std::string name_;
  int line_;
  int col_;
  bool is_async_ = false;
  bool has_await_ = false;
  bool is_genexp_ = false;
  bool is_generator_ = false;
  bool is_nested_ = false;
  bool needs_class_cell_ = false;
  bool has_free_ = false;  // ste_free | ste_child_free, for CO_NESTED-free analysis
  std::vector<Symbol> symbols_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> params_;
  std::vector<Scope*> children_;
  // First `global`/`nonlocal` statement naming a symbol, for error positions.
  std::unordered_map<std::string, std::pair<int, int>> directive_pos_;
};

/// The scopes of one module, keyed by the AST node that opens each scope
/// (ast::Module, FunctionDef, ClassDef, Lambda, ListComp, SetComp, DictComp,
/// GeneratorExp). The AST must outlive the table.
class SymbolTable {
 public:
  /// Analyzes `module`; the first error found is returned as a SyntaxError
  /// Diagnostic of `source`.
  static std::variant<std::unique_ptr<SymbolTable>, Diagnostic> build(const ast::Module& module,
                                                                       const SourceFile& source);

  Scope& module_scope() const { return *top_; }
  /// The scope a node opens; asserts that it opens one.
  Scope& scope_for(const void* node) const;

 private:
  friend class SymbolTableBuilder;
  std::vector<std::unique_ptr<Scope>> scopes_;
  std::unordered_map<const void*, Scope*> by_node_;
  Scope* top_ = nullptr;
};

/// "local", "global_explicit", ... for tests and debugging output.
const char* name_scope_name(NameScope scope);

}  // namespace corosim
