#include "sim/compile/symtable.h"

#include <cassert>
#include <set>

namespace corosim {

namespace {

using NameSet = std::set<std::string>;

// A SyntaxError found during analysis; caught in SymbolTable::build.
struct SymtableError {
  int line;
  int col;
  std::string message;
};

[[noreturn]] void fail(int line, int col, std::string message) {
  throw SymtableError{line, col, std::move(message)};
}

std::string quoted(const std::string& name) { return "'" + name + "'"; }

}  // namespace

Scope::Scope(ScopeKind kind, std::string name, int line, int col)
    : kind_(kind), name_(std::move(name)), line_(line), col_(col) {}

Symbol& Scope::add(const std::string& name) {
  auto [it, inserted] = index_.try_emplace(name, symbols_.size());
  if (inserted) symbols_.push_back(Symbol{name, 0, NameScope::kGlobalImplicit});
  return symbols_[it->second];
}

const Symbol* Scope::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &symbols_[it->second];
}

NameScope Scope::scope_of(const std::string& name) const {
  const Symbol* s = find(name);
  return s ? s->scope : NameScope::kGlobalImplicit;
}

Scope& SymbolTable::scope_for(const void* node) const {
  auto it = by_node_.find(node);
  assert(it != by_node_.end() && "node does not open a scope");
  return *it->second;
}

const char* name_scope_name(NameScope scope) {
  switch (scope) {
    case NameScope::kLocal: return "local";
    case NameScope::kGlobalExplicit: return "global_explicit";
    case NameScope::kGlobalImplicit: return "global_implicit";
    case NameScope::kFree: return "free";
    case NameScope::kCell: return "cell";
  }
  return "?";
}

// Pass 1 (symtable_visit_*) records flags per scope; pass 2 (analyze_block)
// resolves them.
class SymbolTableBuilder {
 public:
  explicit SymbolTableBuilder(SymbolTable& table) : table_(table) {}

  void visit_module(const ast::Module& module) {
    table_.top_ = enter(&module, ScopeKind::kModule, "<module>", 1, 1);
    visit_body(module.body);
    exit();
  }

  void analyze() {
    NameSet free, global;
    analyze_block(*table_.top_, nullptr, free, global);
  }

 private:
  // ---- pass 1: scopes and flags ----

  Scope* enter(const void* node, ScopeKind kind, std::string name, int line, int col) {
    auto scope = std::make_unique<Scope>(kind, std::move(name), line, col);
    Scope* s = scope.get();
    if (!stack_.empty()) {
      Scope* parent = stack_.back();
      parent->children_.push_back(s);
      s->is_nested_ = parent->is_nested_ || parent->is_function_like();
    }
    table_.scopes_.push_back(std::move(scope));
    table_.by_node_[node] = s;
    stack_.push_back(s);
    return s;
  }

  void exit() { stack_.pop_back(); }
  Scope& cur() { return *stack_.back(); }

  void add_def(const std::string& name, uint32_t flag, const ast::Node& at) {
    Symbol& sym = cur().add(name);
    if ((flag & SymbolFlags::kParam) && (sym.flags & SymbolFlags::kParam)) {
      fail(at.line, at.col, "duplicate argument " + quoted(name) + " in function definition");
    }
    sym.flags |= flag;
  }

  void visit_body(const ast::StmtList& body) {
    for (const auto& s : body) visit_stmt(*s);
  }

  void visit_exprs(const ast::ExprList& list) {
    for (const auto& e : list) {
      if (e) visit_expr(*e);
    }
  }

  void visit_stmt(const ast::Stmt& s) {
    using K = ast::StmtKind;
    switch (s.kind) {
      case K::FunctionDef:
      case K::AsyncFunctionDef: return visit_function(ast::cast<ast::FunctionDef>(s));
      case K::ClassDef: return visit_class(ast::cast<ast::ClassDef>(s));
      case K::Return: {
        const auto& r = ast::cast<ast::Return>(s);
        if (r.value) visit_expr(*r.value);
        return;
      }
      case K::Delete: return visit_exprs(ast::cast<ast::Delete>(s).targets);
      case K::Assign: {
        const auto& a = ast::cast<ast::Assign>(s);
        visit_exprs(a.targets);
        return visit_expr(*a.value);
      }
      case K::AugAssign: {
        const auto& a = ast::cast<ast::AugAssign>(s);
        visit_expr(*a.target);
        return visit_expr(*a.value);
      }
      case K::For: {
        const auto& f = ast::cast<ast::For>(s);
        visit_expr(*f.target);
        visit_expr(*f.iter);
        visit_body(f.body);
        return visit_body(f.orelse);
      }
      case K::AsyncWith: {
        const auto& w = ast::cast<ast::AsyncWith>(s);
        for (const ast::WithItem& item : w.items) {
          visit_expr(*item.context_expr);
          if (item.optional_vars) visit_expr(*item.optional_vars);
        }
        cur().has_await_ = true;  // it awaits __aenter__ and __aexit__
        return visit_body(w.body);
      }
      case K::While: {
        const auto& w = ast::cast<ast::While>(s);
        visit_expr(*w.test);
        visit_body(w.body);
        return visit_body(w.orelse);
      }
      case K::If: {
        const auto& i = ast::cast<ast::If>(s);
        visit_expr(*i.test);
        visit_body(i.body);
        return visit_body(i.orelse);
      }
      case K::Raise: {
        const auto& r = ast::cast<ast::Raise>(s);
        if (r.exc) visit_expr(*r.exc);
        if (r.cause) visit_expr(*r.cause);
        return;
      }
      case K::Try: return visit_try(ast::cast<ast::Try>(s));
      case K::Assert: {
        const auto& a = ast::cast<ast::Assert>(s);
        visit_expr(*a.test);
        if (a.msg) visit_expr(*a.msg);
        return;
      }
      case K::Import:
        for (const auto& alias : ast::cast<ast::Import>(s).names) {
          std::string bound = alias.asname.empty() ? alias.name.substr(0, alias.name.find('.'))
                                                   : alias.asname;
          add_def(bound, SymbolFlags::kLocal, alias);
        }
        return;
      case K::ImportFrom:
        for (const auto& alias : ast::cast<ast::ImportFrom>(s).names) {
          add_def(alias.asname.empty() ? alias.name : alias.asname, SymbolFlags::kLocal, alias);
        }
        return;
      case K::Global: return visit_global(ast::cast<ast::Global>(s));
      case K::Nonlocal: return visit_nonlocal(ast::cast<ast::Nonlocal>(s));
      case K::Expr: return visit_expr(*ast::cast<ast::ExprStmt>(s).value);
      case K::Pass:
      case K::Break:
      case K::Continue: return;
    }
  }

  void visit_arguments_defaults(const ast::Arguments& args) {
    visit_exprs(args.defaults);
    visit_exprs(args.kw_defaults);
  }

  void add_params(const ast::Arguments& args) {
    Scope& s = cur();
    auto add = [&](const ast::Arg& a) {
      add_def(a.arg, SymbolFlags::kParam, a);
      s.params_.push_back(a.arg);
    };
    for (const auto& a : args.args) add(a);
    for (const auto& a : args.kwonlyargs) add(a);
    if (args.vararg) add(*args.vararg);
    if (args.kwarg) add(*args.kwarg);
  }

  // Annotations are not evaluated by corosim (see compiler.h), so they are not visited.
  void visit_function(const ast::FunctionDef& f) {
    visit_exprs(f.decorator_list);
    add_def(f.name, SymbolFlags::kLocal, f);
    visit_arguments_defaults(f.args);
    Scope* s = enter(&f, ScopeKind::kFunction, f.name, f.line, f.col);
    s->is_async_ = f.kind == ast::StmtKind::AsyncFunctionDef;
    add_params(f.args);
    visit_body(f.body);
    exit();
  }

  void visit_class(const ast::ClassDef& c) {
    add_def(c.name, SymbolFlags::kLocal, c);
    visit_exprs(c.bases);
    enter(&c, ScopeKind::kClass, c.name, c.line, c.col);
    visit_body(c.body);
    exit();
  }

  void visit_try(const ast::Try& t) {
    visit_body(t.body);
    for (const auto& h : t.handlers) {
      if (h.type) visit_expr(*h.type);
      if (!h.name.empty()) add_def(h.name, SymbolFlags::kLocal, h);
      visit_body(h.body);
    }
    visit_body(t.orelse);
    visit_body(t.finalbody);
  }

  // Mirrors symtable.c symtable_visit_stmt, case Global_kind.
  void visit_global(const ast::Global& g) {
    for (const auto& name : g.names) {
      const Symbol* sym = cur().find(name);
      uint32_t flags = sym ? sym->flags : 0;
      if (flags & (SymbolFlags::kParam | SymbolFlags::kLocal | SymbolFlags::kUse)) {
        const char* what = (flags & SymbolFlags::kParam) ? "is parameter and global"
                           : (flags & SymbolFlags::kUse) ? "is used prior to global declaration"
                                                         : "is assigned to before global declaration";
        fail(g.line, g.col, "name " + quoted(name) + " " + what);
      }
      add_def(name, SymbolFlags::kGlobal, g);
      cur().directive_pos_.try_emplace(name, g.line, g.col);
    }
  }

  // Mirrors symtable.c symtable_visit_stmt, case Nonlocal_kind.
  void visit_nonlocal(const ast::Nonlocal& n) {
    if (cur().kind() == ScopeKind::kModule) {
      fail(n.line, n.col, "nonlocal declaration not allowed at module level");
    }
    for (const auto& name : n.names) {
      const Symbol* sym = cur().find(name);
      uint32_t flags = sym ? sym->flags : 0;
      if (flags & (SymbolFlags::kParam | SymbolFlags::kLocal | SymbolFlags::kUse)) {
        const char* what = (flags & SymbolFlags::kParam) ? "is parameter and nonlocal"
                           : (flags & SymbolFlags::kUse) ? "is used prior to nonlocal declaration"
                                                         : "is assigned to before nonlocal declaration";
        fail(n.line, n.col, "name " + quoted(name) + " " + what);
      }
      add_def(name, SymbolFlags::kNonlocal, n);
      cur().directive_pos_.try_emplace(name, n.line, n.col);
    }
  }

  void visit_expr(const ast::Expr& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::BoolOp: return visit_exprs(ast::cast<ast::BoolOp>(e).values);
      case K::BinOp: {
        const auto& b = ast::cast<ast::BinOp>(e);
        visit_expr(*b.left);
        return visit_expr(*b.right);
      }
      case K::UnaryOp: return visit_expr(*ast::cast<ast::UnaryOp>(e).operand);
      case K::Lambda: {
        const auto& l = ast::cast<ast::Lambda>(e);
        visit_arguments_defaults(l.args);
        enter(&l, ScopeKind::kLambda, "<lambda>", l.line, l.col);
        add_params(l.args);
        visit_expr(*l.body);
        exit();
        return;
      }
      case K::IfExp: {
        const auto& i = ast::cast<ast::IfExp>(e);
        visit_expr(*i.test);
        visit_expr(*i.body);
        return visit_expr(*i.orelse);
      }
      case K::Dict: {
        const auto& d = ast::cast<ast::Dict>(e);
        visit_exprs(d.keys);
        return visit_exprs(d.values);
      }
      case K::Set: return visit_exprs(ast::cast<ast::Set>(e).elts);
      case K::ListComp: {
        const auto& c = ast::cast<ast::ListComp>(e);
        return visit_comprehension(e, "<listcomp>", c.generators, c.elt.get(), nullptr);
      }
      case K::SetComp: {
        const auto& c = ast::cast<ast::SetComp>(e);
        return visit_comprehension(e, "<setcomp>", c.generators, c.elt.get(), nullptr);
      }
      case K::DictComp: {
        const auto& c = ast::cast<ast::DictComp>(e);
        return visit_comprehension(e, "<dictcomp>", c.generators, c.key.get(), c.value.get());
      }
      case K::GeneratorExp: {
        const auto& c = ast::cast<ast::GeneratorExp>(e);
        return visit_comprehension(e, "<genexpr>", c.generators, c.elt.get(), nullptr);
      }
      case K::Await:
        visit_expr(*ast::cast<ast::Await>(e).value);
        cur().has_await_ = true;
        return;
      case K::Yield: {
        const auto& y = ast::cast<ast::Yield>(e);
        if (y.value) visit_expr(*y.value);
        cur().is_generator_ = true;
        return;
      }
      case K::YieldFrom:
        visit_expr(*ast::cast<ast::YieldFrom>(e).value);
        cur().is_generator_ = true;
        return;
      case K::Compare: {
        const auto& c = ast::cast<ast::Compare>(e);
        visit_expr(*c.left);
        return visit_exprs(c.comparators);
      }
      case K::Call: {
        const auto& c = ast::cast<ast::Call>(e);
        visit_expr(*c.func);
        visit_exprs(c.args);
        for (const auto& k : c.keywords) visit_expr(*k.value);
        return;
      }
      case K::FormattedValue: {
        const auto& f = ast::cast<ast::FormattedValue>(e);
        visit_expr(*f.value);
        if (f.format_spec) visit_expr(*f.format_spec);
        return;
      }
      case K::JoinedStr: return visit_exprs(ast::cast<ast::JoinedStr>(e).values);
      case K::Constant: return;
      case K::Attribute: return visit_expr(*ast::cast<ast::Attribute>(e).value);
      case K::Subscript: {
        const auto& s = ast::cast<ast::Subscript>(e);
        visit_expr(*s.value);
        return visit_expr(*s.slice);
      }
      case K::Starred: return visit_expr(*ast::cast<ast::Starred>(e).value);
      case K::Name: return visit_name(ast::cast<ast::Name>(e));
      case K::List: return visit_exprs(ast::cast<ast::List>(e).elts);
      case K::Tuple: return visit_exprs(ast::cast<ast::Tuple>(e).elts);
      case K::Slice: {
        const auto& s = ast::cast<ast::Slice>(e);
        if (s.lower) visit_expr(*s.lower);
        if (s.upper) visit_expr(*s.upper);
        if (s.step) visit_expr(*s.step);
        return;
      }
    }
  }

  void visit_name(const ast::Name& n) {
    if (n.ctx == ast::ExprContext::Load) {
      add_def(n.id, SymbolFlags::kUse, n);
      // Zero-argument super() needs the __class__ cell (symtable.c, Name_kind).
      if (n.id == "super" && cur().is_function_like()) add_def("__class__", SymbolFlags::kUse, n);
    } else {
      add_def(n.id, SymbolFlags::kLocal, n);
    }
  }

  // The first iterator is evaluated in the enclosing scope and passed in as
  // ".0"; everything else runs in the comprehension's own scope.
  void visit_comprehension(const ast::Expr& node, const char* name,
                           const std::vector<ast::Comprehension>& gens, const ast::Expr* elt,
                           const ast::Expr* value) {
    visit_expr(*gens[0].iter);
    Scope* s = enter(&node, ScopeKind::kComprehension, name, node.line, node.col);
    s->is_genexp_ = node.kind == ast::ExprKind::GeneratorExp;
    add_def(".0", SymbolFlags::kParam, node);
    s->params_.push_back(".0");
    for (size_t i = 0; i < gens.size(); ++i) {
      if (i > 0) visit_expr(*gens[i].iter);
      visit_expr(*gens[i].target);
      visit_exprs(gens[i].ifs);
    }
    visit_expr(*elt);
    if (value) visit_expr(*value);
    exit();
    // Calling a coroutine comprehension awaits it in the enclosing scope.
    if (s->has_await_ && !s->is_genexp_) cur().has_await_ = true;
  }

  // ---- pass 2: resolution (symtable.c analyze_block and helpers) ----

  // Mirrors symtable.c analyze_name.
  void analyze_name(Scope& scope, Symbol& sym, NameSet* bound, NameSet& local, NameSet& free,
                    NameSet& global) {
    const std::string& name = sym.name;
    if (sym.flags & SymbolFlags::kGlobal) {
      if (sym.flags & SymbolFlags::kNonlocal) {
        auto [line, col] = scope.directive_pos_.at(name);
        fail(line, col, "name " + quoted(name) + " is nonlocal and global");
      }
      sym.scope = NameScope::kGlobalExplicit;
      global.insert(name);
      if (bound) bound->erase(name);
      return;
    }
    if (sym.flags & SymbolFlags::kNonlocal) {
      auto [line, col] = scope.directive_pos_.at(name);
      if (!bound) fail(line, col, "nonlocal declaration not allowed at module level");
      if (!bound->count(name)) fail(line, col, "no binding for nonlocal " + quoted(name) + " found");
      sym.scope = NameScope::kFree;
      scope.has_free_ = true;
      free.insert(name);
      return;
    }
    if (sym.flags & SymbolFlags::kBound) {
      sym.scope = NameScope::kLocal;
      local.insert(name);
      global.erase(name);
      return;
    }
    if (bound && bound->count(name)) {
      sym.scope = NameScope::kFree;
      scope.has_free_ = true;
      free.insert(name);
      return;
    }
    sym.scope = NameScope::kGlobalImplicit;
  }

  // Mirrors symtable.c analyze_block. `free` receives the names free in this
  // block (for the parent); bound/global are this block's own copies.
  void analyze_block(Scope& scope, NameSet* bound, NameSet& free, NameSet& global) {
    NameSet local, newglobal, newfree, newbound;
    const bool is_class = scope.kind() == ScopeKind::kClass;
    if (is_class) {
      newglobal = global;  // pass down known globals, unchanged by the class
      if (bound) newbound = *bound;
    }
    for (Symbol& sym : scope.symbols_) analyze_name(scope, sym, bound, local, free, global);
    if (!is_class) {
      if (scope.is_function_like()) newbound.insert(local.begin(), local.end());
      if (bound) newbound.insert(bound->begin(), bound->end());
      newglobal.insert(global.begin(), global.end());
    } else {
      newbound.insert("__class__");  // methods see the implicit __class__ cell
    }
    NameSet allfree;
    for (Scope* child : scope.children_) {
      NameSet child_bound = newbound, child_global = newglobal, child_free = newfree;
      analyze_block(*child, &child_bound, child_free, child_global);
      allfree.insert(child_free.begin(), child_free.end());
      if (child->has_free_) scope.has_free_ = true;
    }
    newfree.insert(allfree.begin(), allfree.end());
    if (scope.is_function_like()) {
      analyze_cells(scope, newfree);
    } else if (is_class && newfree.erase("__class__")) {
      scope.needs_class_cell_ = true;
    }
    update_symbols(scope, bound, newfree, is_class);
    free.insert(newfree.begin(), newfree.end());
  }

  // Locals that a child uses freely become cells (symtable.c analyze_cells).
  static void analyze_cells(Scope& scope, NameSet& free) {
    for (Symbol& sym : scope.symbols_) {
      if (sym.scope == NameScope::kLocal && free.erase(sym.name)) sym.scope = NameScope::kCell;
    }
  }

  // Mirrors symtable.c update_symbols: free names of children that this block
  // does not define pass through it as free variables.
  static void update_symbols(Scope& scope, const NameSet* bound, const NameSet& free,
                             bool is_class) {
    for (const std::string& name : free) {
      auto it = scope.index_.find(name);
      if (it != scope.index_.end()) {
        Symbol& sym = scope.symbols_[it->second];
        if (is_class && (sym.flags & (SymbolFlags::kBound | SymbolFlags::kGlobal))) {
          sym.flags |= SymbolFlags::kFreeClass;
        }
        continue;
      }
      if (bound && !bound->count(name)) continue;  // a global
      Symbol& sym = scope.add(name);
      sym.scope = NameScope::kFree;
    }
  }

  SymbolTable& table_;
  std::vector<Scope*> stack_;
};

std::variant<std::unique_ptr<SymbolTable>, Diagnostic> SymbolTable::build(
    const ast::Module& module, const SourceFile& source) {
  auto table = std::unique_ptr<SymbolTable>(new SymbolTable());
  SymbolTableBuilder builder(*table);
  try {
    builder.visit_module(module);
    builder.analyze();
  } catch (const SymtableError& e) {
    return source.error_at(SourcePosition{e.line, e.col}, "SyntaxError", e.message);
  }
  return table;
}

}  // namespace corosim
