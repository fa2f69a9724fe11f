// repr() and str() of every value, byte-exact with CPython 3.11, and the
// names of types as messages show them.
#pragma once

#include <string>

#include "sim/runtime/object.h"

namespace corosim {

/// repr(v): "'it''s'" quoting rules, "(1,)", "{'a': 1}", "set()", "{1, 2}",
/// "range(0, 5)", "ValueError('x')", "[[...]]" for recursion,
/// "<function main at 0x7f3a00001230>". User __repr__ is called. Deep nesting
/// raises RecursionError, never overflows the C++ stack.
std::string repr(const Value& v);
/// str(v): the text itself for str, exception_str for exceptions, user
/// __str__, repr otherwise.
std::string str(const Value& v);
/// repr of a str's text (quote choice and escapes).
std::string str_repr(std::string_view utf8);

/// type(v).__name__: 'int', 'NoneType', 'builtin_function_or_method',
/// 'coroutine', user class names.
std::string type_name(const Value& v);

/// A fake but stable address for objects whose repr shows one:
/// "0x7f" followed by hex digits derived from the object's serial number, so
/// every run of the same program prints the same text.
std::string object_address(const Object* o);

/// Guards recursion through repr/compare/hash of nested containers;
/// raises RecursionError "maximum recursion depth exceeded<where>" past the
/// limit. Scope-based.
class RecursionGuard {
 public:
  explicit RecursionGuard(const char* where);  // e.g. " while getting the repr of an object"
  ~RecursionGuard();
  RecursionGuard(const RecursionGuard&) = delete;
  RecursionGuard& operator=(const RecursionGuard&) = delete;
};

}  // namespace corosim
