// Mirrors Objects/dictobject.c (3.11): the dict methods and their messages.
#include "sim/vm/dict_methods.h"

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/str_object.h"
#include "sim/runtime/tuple_object.h"
#include "sim/vm/native_args.h"

namespace corosim {

using namespace lib;  // this file's argument helpers (native_args.h)

namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

DictObject& dict_of(const Value& self) { return *self.as<DictObject>(); }

[[noreturn]] void key_error(const Value& key) {
  raise_exception(new_exception(exception_types().key_error, std::vector<Value>{key}));
}

Value dict_get(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("dict.get", kwargs);
  expect_args("get", args, 1, 2);
  Value v = dict_of(self).get(args[0]);
  if (!v.is_null()) return v;
  return args.size() > 1 ? args[1] : Value::none();
}

Value view(const Value& self, Args args, KwArgs kwargs, const char* fname, DictViewObject::Which which) {
  expect_no_kwargs(std::string("dict.") + fname, kwargs);
  expect_no_args(std::string("dict.") + fname, args);
  return new_dict_view(Ref<DictObject>(self.as<DictObject>()), which);
}

Value dict_keys(const Value& self, Args args, KwArgs kwargs) {
  return view(self, args, kwargs, "keys", DictViewObject::Which::kKeys);
}
Value dict_values(const Value& self, Args args, KwArgs kwargs) {
  return view(self, args, kwargs, "values", DictViewObject::Which::kValues);
}
Value dict_items(const Value& self, Args args, KwArgs kwargs) {
  return view(self, args, kwargs, "items", DictViewObject::Which::kItems);
}

Value dict_pop(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("dict.pop", kwargs);
  expect_args("pop", args, 1, 2);
  Value v = dict_of(self).pop(args[0]);
  if (!v.is_null()) return v;
  if (args.size() > 1) return args[1];
  key_error(args[0]);
}

Value dict_setdefault(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("dict.setdefault", kwargs);
  expect_args("setdefault", args, 1, 2);
  DictObject& d = dict_of(self);
  Value v = d.get(args[0]);
  if (!v.is_null()) return v;
  Value dflt = args.size() > 1 ? args[1] : Value::none();
  d.set(args[0], dflt);
  return dflt;
}

Value dict_update_method(const Value& self, Args args, KwArgs kwargs) {
  expect_args("update", args, 0, 1);
  dict_update(dict_of(self), args.empty() ? Value() : args[0], kwargs);
  return Value::none();
}

Value dict_copy(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("dict.copy", kwargs);
  expect_no_args("dict.copy", args);
  Ref<DictObject> d = new_dict();
  dict_update(*d, self, {});
  return d;
}

Value dict_clear(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("dict.clear", kwargs);
  expect_no_args("dict.clear", args);
  dict_of(self).clear();
  return Value::none();
}

// Mirrors dict_popitem: the last inserted item, LIFO.
Value dict_popitem(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("dict.popitem", kwargs);
  expect_no_args("dict.popitem", args);
  DictObject& d = dict_of(self);
  if (d.size() == 0) {
    raise_exception(new_exception(exception_types().key_error, std::vector<Value>{new_str("popitem(): dictionary is empty")}));
  }
  Value key, value;
  for (size_t i = d.entry_end(); i-- > 0;) {
    if (d.entry_at(i, key, value)) break;
  }
  d.pop(key);
  return new_tuple({key, value});
}

struct Method {
  std::string_view name;
  NativeFn fn;
};

constexpr Method kDictMethods[] = {
    {"clear", dict_clear}, {"copy", dict_copy},     {"get", dict_get},
    {"items", dict_items}, {"keys", dict_keys},     {"pop", dict_pop},
    {"popitem", dict_popitem}, {"setdefault", dict_setdefault}, {"update", dict_update_method},
    {"values", dict_values},
};

}  // namespace

void dict_update(DictObject& d, const Value& other, std::span<const KwArg> kwargs) {
  if (!other.is_null()) {
    if (other.is(ObjKind::kDict)) {
      const DictObject& src = *other.as<DictObject>();
      std::vector<Value> keys = src.keys(), values = src.values();
      for (size_t i = 0; i < keys.size(); ++i) d.set(keys[i], values[i]);
    } else {
      Value it = get_iter(other), item;
      for (size_t i = 0; iter_next(it, item); ++i) {
        std::vector<Value> pair;
        try {
          pair = to_vector(item);
        } catch (const PyException& e) {
          if (!exception_matches(e.exc, Value(exception_types().type_error))) throw;
          type_error("cannot convert dictionary update sequence element #" + std::to_string(i) +
                     " to a sequence");
        }
        if (pair.size() != 2) {
          value_error("dictionary update sequence element #" + std::to_string(i) + " has length " +
                      std::to_string(pair.size()) + "; 2 is required");
        }
        d.set(pair[0], pair[1]);
      }
    }
  }
  for (const KwArg& kw : kwargs) d.set_str(kw.name, kw.value);
}

void add_dict_methods() {
  for (const Method& m : kDictMethods) add_method(builtin_types().dict, m.name, m.fn);
}

}  // namespace corosim
