#include "sim/runtime/call.h"

#include <array>
#include <vector>

#include "sim/runtime/attribute.h"
#include "sim/runtime/bound_method.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/repr.h"

namespace corosim {
namespace {

// Calls fn(self, *args) without a heap allocation for short argument lists.
Value call_with_self(const Value& fn, const Value& self, std::span<const Value> args,
                     std::span<const KwArg> kwargs) {
  constexpr size_t kInline = 8;
  if (args.size() < kInline) {
    std::array<Value, kInline> buf;
    buf[0] = self;
    for (size_t i = 0; i < args.size(); ++i) buf[i + 1] = args[i];
    return call(fn, std::span<const Value>(buf.data(), args.size() + 1), kwargs);
  }
  std::vector<Value> full;
  full.reserve(args.size() + 1);
  full.push_back(self);
  full.insert(full.end(), args.begin(), args.end());
  return call(fn, full, kwargs);
}

Value call_native(const NativeFunctionObject& f, std::span<const Value> args,
                  std::span<const KwArg> kwargs) {
  if (f.is_method && f.self.is_null()) {  // list.append(lst, x)
    if (args.empty()) {
      std::string owner = f.owner ? f.owner->name() : "object";
      raise_error(exception_types().type_error,
                  "unbound method " + owner + "." + f.name + "() needs an argument");
    }
    return f.invoke(args[0], args.subspan(1), kwargs);
  }
  return f.invoke(f.self, args, kwargs);
}

Value call_type(TypeObject* t, std::span<const Value> args, std::span<const KwArg> kwargs) {
  // object(): a featureless instance, the usual sentinel. Not a construct
  // slot, which every built-in type without its own would inherit.
  if (t == builtin_types().object) {
    if (!args.empty() || !kwargs.empty()) raise_error(exception_types().type_error, "object() takes no arguments");
    return Value(make<Object>(ObjKind::kOther, t));
  }
  if (ConstructSlot construct = inherited_slot(t, &TypeObject::construct))
    return construct(t, args, kwargs);
  raise_error(exception_types().type_error, "cannot create '" + t->name() + "' instances");
}

}  // namespace

Value call(const Value& callable, std::span<const Value> args, std::span<const KwArg> kwargs) {
  if (callable.is_object()) {
    Object* o = callable.obj();
    switch (o->kind()) {
      case ObjKind::kFunction:
        return call_python_function(o, args, kwargs);
      case ObjKind::kNativeFunction:
        return call_native(*static_cast<NativeFunctionObject*>(o), args, kwargs);
      case ObjKind::kBoundMethod: {
        auto* m = static_cast<BoundMethodObject*>(o);
        return call_with_self(m->function, m->self, args, kwargs);
      }
      case ObjKind::kType:
        return call_type(static_cast<TypeObject*>(o), args, kwargs);
      default:
        if (CallSlot slot = inherited_slot(o->type(), &TypeObject::call))
          return slot(callable, args, kwargs);
        break;
    }
  }
  raise_error(exception_types().type_error, "'" + type_name(callable) + "' object is not callable");
}

Value call_method(const Value& obj, std::string_view name, std::span<const Value> args,
                  std::span<const KwArg> kwargs) {
  Value method, self;
  get_method(obj, name, method, self);
  if (self.is_null()) return call(method, args, kwargs);
  return call_with_self(method, self, args, kwargs);
}

bool is_callable(const Value& v) {
  if (!v.is_object()) return false;
  switch (v.obj()->kind()) {
    case ObjKind::kFunction:
    case ObjKind::kNativeFunction:
    case ObjKind::kBoundMethod:
    case ObjKind::kType:
      return true;
    default:
      return inherited_slot(v.obj()->type(), &TypeObject::call) != nullptr;
  }
}

}  // namespace corosim
