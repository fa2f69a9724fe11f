// The built-in type objects, created once per process and immortal. Other
// engineers fill their slots and method tables at start-up (e.g. the library
// sets int_->construct and adds str methods with add_method()).
#pragma once

#include "sim/runtime/type_object.h"

namespace corosim {

struct BuiltinTypes {
  TypeObject* object;
  TypeObject* type;
  TypeObject* none;   // NoneType
  TypeObject* bool_;  // base int_
  TypeObject* int_;
  TypeObject* float_;
  TypeObject* str;
  TypeObject* list;
  TypeObject* tuple;
  TypeObject* dict;
  TypeObject* set;
  TypeObject* range;
  TypeObject* slice;
  TypeObject* module;
  TypeObject* function;          // Python function (vm)
  TypeObject* builtin_function;  // builtin_function_or_method (NativeFunctionObject)
  TypeObject* method;            // bound method of a Python function
  TypeObject* code;
  TypeObject* cell;
  TypeObject* coroutine;
  TypeObject* generator;
  TypeObject* super_;
  // User classes (user_class.h): the descriptors and NotImplemented's type.
  TypeObject* staticmethod;
  TypeObject* classmethod;
  TypeObject* property;
  TypeObject* not_implemented_type;
  // Iterators and views (iterator_object.h, dict_object.h).
  TypeObject* list_iterator;
  TypeObject* list_reverseiterator;
  TypeObject* tuple_iterator;
  TypeObject* str_iterator;  // 'str_ascii_iterator' in 3.11 for ASCII text
  TypeObject* str_ascii_iterator;
  TypeObject* range_iterator;
  TypeObject* set_iterator;
  TypeObject* dict_keyiterator;
  TypeObject* dict_valueiterator;
  TypeObject* dict_itemiterator;
  TypeObject* dict_reversekeyiterator;  // reversed(d), reversed(d.keys())
  TypeObject* dict_reversevalueiterator;
  TypeObject* dict_reverseitemiterator;
  TypeObject* dict_keys;
  TypeObject* dict_values;
  TypeObject* dict_items;
  // Lazy builtins; the library engineer sets their `construct` slots.
  TypeObject* zip;
  TypeObject* map;
  TypeObject* filter;
  TypeObject* enumerate;
  TypeObject* reversed;
  TypeObject* iterator;  // generic native iterator (NativeIterator without its own type)
};

/// The process-wide table, created on first use.
const BuiltinTypes& builtin_types();

/// The Python type of any value (type(v)); never null for a non-null Value.
TypeObject* type_of(const Value& v);

}  // namespace corosim
