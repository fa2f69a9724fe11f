#include "sim/runtime/repr.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "sim/runtime/attribute.h"
#include "sim/runtime/bound_method.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/coroutine_object.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/float_repr.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/range_object.h"
#include "sim/runtime/set_object.h"
#include "sim/runtime/slice_object.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/super_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/runtime/unicode_printable.h"

namespace corosim {
namespace {

// CPython's default recursion limit: nesting deeper than this raises
// RecursionError instead of exhausting the C++ stack.
constexpr int kMaxNesting = 1000;
int g_nesting = 0;

// The containers whose repr is in progress (Py_ReprEnter / Py_ReprLeave), so
// that a list containing itself prints as [[...]].
std::vector<const Object*>& repr_in_progress() {
  static std::vector<const Object*> objects;
  return objects;
}

class ReprScope {
 public:
  explicit ReprScope(const Object* o) {
    auto& v = repr_in_progress();
    recursive_ = std::find(v.begin(), v.end(), o) != v.end();
    if (!recursive_) v.push_back(o);
  }
  ~ReprScope() {
    if (!recursive_) repr_in_progress().pop_back();
  }
  ReprScope(const ReprScope&) = delete;
  ReprScope& operator=(const ReprScope&) = delete;
  bool recursive() const { return recursive_; }

 private:
  bool recursive_;
};

void append_hex(std::string& out, const char* prefix, uint32_t cp, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, digits, cp);
  out += buf;
}

std::string join_reprs(const std::vector<Value>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += repr(items[i]);
  }
  return out;
}

std::string list_repr(const ListObject& l) {
  ReprScope scope(&l);
  if (scope.recursive()) return "[...]";
  RecursionGuard guard(" while getting the repr of an object");
  return "[" + join_reprs(l.items) + "]";
}

std::string tuple_repr(const TupleObject& t) {
  if (t.items.empty()) return "()";
  ReprScope scope(&t);
  if (scope.recursive()) return "(...)";
  RecursionGuard guard(" while getting the repr of an object");
  if (t.items.size() == 1) return "(" + repr(t.items[0]) + ",)";
  return "(" + join_reprs(t.items) + ")";
}

std::string dict_repr(const DictObject& d) {
  if (d.size() == 0) return "{}";
  ReprScope scope(&d);
  if (scope.recursive()) return "{...}";
  RecursionGuard guard(" while getting the repr of an object");
  std::string out = "{";
  Value k, v;
  bool first = true;
  for (size_t i = 0; i < d.entry_end(); ++i) {
    if (!d.entry_at(i, k, v)) continue;
    if (!first) out += ", ";
    first = false;
    out += repr(k);
    out += ": ";
    out += repr(v);
  }
  return out + "}";
}

std::string set_repr(const SetObject& s) {
  if (s.size() == 0) return "set()";
  ReprScope scope(&s);
  if (scope.recursive()) return "set(...)";
  RecursionGuard guard(" while getting the repr of an object");
  return "{" + join_reprs(s.items()) + "}";
}

std::string dict_view_repr(const DictViewObject& view) {
  ReprScope scope(&view);
  const char* name = view.which == DictViewObject::Which::kKeys     ? "dict_keys"
                     : view.which == DictViewObject::Which::kValues ? "dict_values"
                                                                    : "dict_items";
  if (scope.recursive()) return std::string(name) + "(...)";
  RecursionGuard guard(" while getting the repr of an object");
  std::vector<Value> items;
  Value k, v;
  for (size_t i = 0; i < view.dict->entry_end(); ++i) {
    if (!view.dict->entry_at(i, k, v)) continue;
    switch (view.which) {
      case DictViewObject::Which::kKeys:
        items.push_back(k);
        break;
      case DictViewObject::Which::kValues:
        items.push_back(v);
        break;
      case DictViewObject::Which::kItems:
        items.push_back(Value(new_tuple({k, v})));
        break;
    }
  }
  return std::string(name) + "([" + join_reprs(items) + "])";
}

std::string range_repr(const RangeObject& r) {
  std::string out = "range(" + std::to_string(r.start()) + ", " + std::to_string(r.stop());
  if (r.step() != 1) out += ", " + std::to_string(r.step());
  return out + ")";
}

std::string type_repr(const TypeObject& t) {
  if (t.module() == "builtins") return "<class '" + t.name() + "'>";
  return "<class '" + t.module() + "." + t.qualname() + "'>";
}

std::string native_function_repr(const NativeFunctionObject& f) {
  if (f.self.is_null() || !f.is_method) {
    if (f.is_method && f.owner)  // unbound method from a type's table
      return "<method '" + f.name + "' of '" + f.owner->name() + "' objects>";
    return "<built-in function " + f.name + ">";
  }
  const Object* self = f.self.is_object() ? f.self.obj() : nullptr;
  std::string where = self ? " at " + object_address(self) : "";
  return "<built-in method " + f.name + " of " + type_name(f.self) + " object" + where + ">";
}

std::string bound_method_repr(const BoundMethodObject& m) {
  Value qualname = get_attr_or_null(m.function, "__qualname__");
  std::string name = qualname.is(ObjKind::kStr) ? qualname.as<StrObject>()->text() : "?";
  return "<bound method " + name + " of " + repr(m.self) + ">";
}

std::string default_object_repr(const Object* o) {
  return "<" + qualified_type_name(o->type()) + " object at " + object_address(o) + ">";
}

std::string object_repr(const Value& v) {
  Object* o = v.obj();
  if (ReprSlot slot = inherited_slot(o->type(), &TypeObject::repr)) return slot(v);
  switch (o->kind()) {
    case ObjKind::kStr:
      return str_repr(static_cast<StrObject*>(o)->view());
    case ObjKind::kList:
      return list_repr(*static_cast<ListObject*>(o));
    case ObjKind::kTuple:
      return tuple_repr(*static_cast<TupleObject*>(o));
    case ObjKind::kDict:
      return dict_repr(*static_cast<DictObject*>(o));
    case ObjKind::kSet:
      return set_repr(*static_cast<SetObject*>(o));
    case ObjKind::kDictView:
      return dict_view_repr(*static_cast<DictViewObject*>(o));
    case ObjKind::kRange:
      return range_repr(*static_cast<RangeObject*>(o));
    case ObjKind::kSlice: {
      auto* s = static_cast<SliceObject*>(o);
      return "slice(" + repr(s->start) + ", " + repr(s->stop) + ", " + repr(s->step) + ")";
    }
    case ObjKind::kType:
      return type_repr(*static_cast<TypeObject*>(o));
    case ObjKind::kModule: {
      auto* m = static_cast<ModuleObject*>(o);
      return "<module '" + m->name() + "'" + m->origin() + ">";
    }
    case ObjKind::kException:
      return exception_repr(v);
    case ObjKind::kNativeFunction:
      return native_function_repr(*static_cast<NativeFunctionObject*>(o));
    case ObjKind::kBoundMethod:
      return bound_method_repr(*static_cast<BoundMethodObject*>(o));
    case ObjKind::kCoroutine:
    case ObjKind::kNativeCoroutine:
      return "<coroutine object " + static_cast<CoroutineObject*>(o)->qualname() + " at " +
             object_address(o) + ">";
    default:
      return default_object_repr(o);
  }
}

}  // namespace

RecursionGuard::RecursionGuard(const char* where) {
  if (g_nesting >= kMaxNesting)
    raise_error(exception_types().recursion_error,
                std::string("maximum recursion depth exceeded") + where);
  ++g_nesting;
}

RecursionGuard::~RecursionGuard() { --g_nesting; }

// Mirrors Objects/unicodeobject.c unicode_repr.
std::string str_repr(std::string_view utf8) {
  bool has_single = utf8.find('\'') != std::string_view::npos;
  bool has_double = utf8.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(utf8.size() + 2);
  out += quote;
  for (size_t i = 0; i < utf8.size();) {
    uint32_t ch = decode_utf8(utf8, i);
    if (ch == uint32_t(quote) || ch == '\\') {
      out += '\\';
      out += char(ch);
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch < ' ' || ch == 0x7F) {
      append_hex(out, "\\x", ch, 2);
    } else if (ch < 0x7F) {
      out += char(ch);
    } else if (unicode_is_printable(ch)) {
      append_utf8(out, ch);
    } else if (ch <= 0xFF) {
      append_hex(out, "\\x", ch, 2);
    } else if (ch <= 0xFFFF) {
      append_hex(out, "\\u", ch, 4);
    } else {
      append_hex(out, "\\U", ch, 8);
    }
  }
  out += quote;
  return out;
}

std::string repr(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::kNull:
      return "<NULL>";
    case Value::Tag::kNone:
      return "None";
    case Value::Tag::kBool:
      return v.as_bool() ? "True" : "False";
    case Value::Tag::kInt:
      return std::to_string(v.as_int());
    case Value::Tag::kFloat:
      return float_repr(v.as_float());
    case Value::Tag::kObject:
      return object_repr(v);
  }
  return "";
}

std::string str(const Value& v) {
  if (v.is_object()) {
    Object* o = v.obj();
    if (o->kind() == ObjKind::kStr) return static_cast<StrObject*>(o)->text();
    if (o->kind() == ObjKind::kException) return exception_str(v);
    if (ReprSlot slot = inherited_slot(o->type(), &TypeObject::str)) return slot(v);
  }
  return repr(v);
}

std::string type_name(const Value& v) {
  TypeObject* t = type_of(v);
  return t ? t->name() : "NULL";
}

std::string object_address(const Object* o) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%012llx",
                static_cast<unsigned long long>(0x7f0000000000ull + uint64_t(o->serial()) * 0x40));
  return buf;
}

}  // namespace corosim
