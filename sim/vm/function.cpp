#include "sim/vm/function.h"

#include <string>

#include "sim/compile/code.h"
#include "sim/runtime/builtin_types.h"
#include "sim/vm/vm_types.h"
#include "sim/runtime/call.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"

namespace corosim {

CellObject::CellObject(Value v) : Object(ObjKind::kCell, builtin_types().cell), value(std::move(v)) {}

FunctionObject::FunctionObject(Ref<CodeObject> c, Value g)
    : Object(ObjKind::kFunction, builtin_types().function),
      code(std::move(c)),
      globals(std::move(g)),
      name(code->name),
      qualname(code->qualname),
      doc(code->doc) {
  register_vm_types();
}

FunctionObject::~FunctionObject() = default;

void FunctionObject::clear_refs() {
  globals = Value();
  defaults.clear();
  kw_defaults.clear();
  closure.clear();
  doc = Value();
}

namespace {

[[noreturn]] void type_error(std::string message) {
  raise_error(exception_types().type_error, std::move(message));
}

// Mirrors Python/ceval.c format_missing (3.11): 'a', 'a' and 'b', 'a', 'b', and 'c'.
std::string join_missing(const std::vector<std::string>& names) {
  auto q = [](const std::string& n) { return "'" + n + "'"; };
  if (names.size() == 1) return q(names[0]);
  if (names.size() == 2) return q(names[0]) + " and " + q(names[1]);
  std::string out;
  for (size_t i = 0; i + 2 < names.size(); ++i) out += (i ? ", " : "") + q(names[i]);
  return out + ", " + q(names[names.size() - 2]) + ", and " + q(names.back());
}

// Mirrors Python/ceval.c missing_arguments (3.11); slots [start, end) are checked.
[[noreturn]] void missing_arguments(const FunctionObject& fn, const Value* slots, int start,
                                    int end, bool positional) {
  std::vector<std::string> names;
  for (int i = start; i < end; ++i)
    if (slots[i].is_null()) names.push_back(fn.code->varnames[i]);
  type_error(fn.qualname + "() missing " + std::to_string(names.size()) + " required " +
             (positional ? "positional" : "keyword-only") + " argument" +
             (names.size() == 1 ? "" : "s") + ": " + join_missing(names));
}

// Mirrors Python/ceval.c too_many_positional (3.11).
[[noreturn]] void too_many_positional(const FunctionObject& fn, size_t given, const Value* slots) {
  const CodeObject& co = *fn.code;
  int kwonly_given = 0;
  for (int i = co.argcount; i < co.argcount + co.kwonlyargcount; ++i)
    if (!slots[i].is_null()) ++kwonly_given;
  const size_t defcount = fn.defaults.size();
  bool plural;
  std::string sig;
  if (defcount) {
    plural = true;
    sig = "from " + std::to_string(co.argcount - defcount) + " to " + std::to_string(co.argcount);
  } else {
    plural = co.argcount != 1;
    sig = std::to_string(co.argcount);
  }
  std::string kwonly_sig;
  if (kwonly_given) {
    kwonly_sig = std::string(" positional argument") + (given != 1 ? "s" : "") + " (and " +
                 std::to_string(kwonly_given) + " keyword-only argument" +
                 (kwonly_given != 1 ? "s" : "") + ")";
  }
  type_error(fn.qualname + "() takes " + sig + " positional argument" + (plural ? "s" : "") +
             " but " + std::to_string(given) + kwonly_sig + " " +
             (given == 1 && !kwonly_given ? "was" : "were") + " given");
}

// Index of parameter `name` among the named parameters, or -1.
int find_parameter(const CodeObject& co, std::string_view name) {
  const int total = co.argcount + co.kwonlyargcount;
  for (int i = 0; i < total; ++i)
    if (co.varnames[i] == name) return i;
  return -1;
}

}  // namespace

// Mirrors Python/ceval.c initialize_locals (3.11), step for step, so the
// first error reported is CPython's.
void bind_arguments(const FunctionObject& fn, std::span<const Value> args,
                    std::span<const KwArg> kwargs, Value* slots) {
  const CodeObject& co = *fn.code;
  const int total_args = co.argcount + co.kwonlyargcount;
  const bool has_varargs = co.flags & CodeFlags::kVarargs;
  Ref<DictObject> kwdict;
  if (co.flags & CodeFlags::kVarkeywords) {
    kwdict = new_dict();
    slots[total_args + (has_varargs ? 1 : 0)] = Value(kwdict);
  }
  const size_t n = std::min(args.size(), static_cast<size_t>(co.argcount));
  for (size_t i = 0; i < n; ++i) slots[i] = args[i];
  if (has_varargs)
    slots[total_args] = Value(new_tuple(std::vector<Value>(args.begin() + n, args.end())));
  for (const KwArg& kw : kwargs) {
    const int index = find_parameter(co, kw.name);
    if (index < 0) {
      if (!kwdict) type_error(fn.qualname + "() got an unexpected keyword argument '" +
                              std::string(kw.name) + "'");
      kwdict->set_str(kw.name, kw.value);
      continue;
    }
    if (!slots[index].is_null())
      type_error(fn.qualname + "() got multiple values for argument '" + std::string(kw.name) + "'");
    slots[index] = kw.value;
  }
  if (args.size() > static_cast<size_t>(co.argcount) && !has_varargs)
    too_many_positional(fn, args.size(), slots);
  if (args.size() < static_cast<size_t>(co.argcount)) {
    const int defcount = static_cast<int>(fn.defaults.size());
    const int m = co.argcount - defcount;
    for (int i = static_cast<int>(args.size()); i < m; ++i)
      if (slots[i].is_null()) missing_arguments(fn, slots, 0, m, true);
    for (int i = std::max(0, static_cast<int>(n) - m); i < defcount; ++i)
      if (slots[m + i].is_null()) slots[m + i] = fn.defaults[i];
  }
  bool kw_missing = false;
  for (int i = co.argcount; i < total_args; ++i) {
    if (!slots[i].is_null()) continue;
    const size_t k = i - co.argcount;
    if (k < fn.kw_defaults.size() && !fn.kw_defaults[k].is_null()) {
      slots[i] = fn.kw_defaults[k];
      continue;
    }
    kw_missing = true;
  }
  if (kw_missing) missing_arguments(fn, slots, co.argcount, total_args, false);
}

}  // namespace corosim
