// Exception instances (ObjKind::kException), the built-in exception class
// hierarchy (CPython's, plus asyncio's CancelledError and InvalidStateError),
// user exception classes (`class E(Exception): ...`) and raise helpers.
#pragma once

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/runtime/object.h"
#include "sim/runtime/type_object.h"

namespace corosim {

class DictObject;
class TupleObject;
struct KwArg;

/// One line of a traceback; the VM appends while unwinding (innermost last,
/// as CPython prints them).
struct TracebackEntry {
  std::string filename;
  int line = 0;
  std::string function;  // code name: "main", "<module>", "<lambda>"
};

/// An instance of BaseException or a subclass. Invariant: type() is an
/// exception type and args is a tuple.
class ExceptionObject : public Object {
 public:
  ExceptionObject(TypeObject* type, Ref<TupleObject> args);
  ~ExceptionObject() override;  // releases long __context__ chains iteratively
  void clear_refs() override;

  Ref<TupleObject> args;                  ///< .args
  Ref<DictObject> attrs;                  ///< instance attributes (self.code = 1); null until set
  Value cause;                            ///< __cause__: None or an exception
  Value context;                          ///< __context__: None or an exception
  bool suppress_context = false;          ///< __suppress_context__ (set by `raise X from Y`)
  // A deque because unwinding adds each frame in front (CPython links tb_next
  // outward), and one exception thrown again and again keeps growing.
  std::deque<TracebackEntry> traceback;  ///< __traceback__, outermost first
};

/// The built-in exception classes (immortal).
struct ExceptionTypes {
  TypeObject* base_exception;
  TypeObject* generator_exit;
  TypeObject* keyboard_interrupt;
  TypeObject* system_exit;
  TypeObject* exception;
  TypeObject* arithmetic_error;
  TypeObject* zero_division_error;
  TypeObject* overflow_error;
  TypeObject* assertion_error;
  TypeObject* attribute_error;
  TypeObject* import_error;
  TypeObject* module_not_found_error;
  TypeObject* lookup_error;
  TypeObject* index_error;
  TypeObject* key_error;
  TypeObject* memory_error;
  TypeObject* name_error;
  TypeObject* unbound_local_error;
  TypeObject* os_error;
  TypeObject* timeout_error;  ///< also asyncio.TimeoutError (3.11)
  TypeObject* runtime_error;
  TypeObject* not_implemented_error;
  TypeObject* recursion_error;
  TypeObject* stop_iteration;
  TypeObject* stop_async_iteration;
  TypeObject* type_error;
  TypeObject* value_error;
  TypeObject* cancelled_error;      ///< asyncio.CancelledError (module asyncio.exceptions)
  TypeObject* invalid_state_error;  ///< asyncio.InvalidStateError
};

const ExceptionTypes& exception_types();

/// The built-in exception class `builtins` binds to `name` ("ValueError",
/// "IOError"), or nullptr.
TypeObject* builtin_exception_type(std::string_view name);
/// Every (name, class) pair `builtins` binds: each class of CPython's
/// hierarchy under its own name, in table order, then the aliases
/// EnvironmentError and IOError (OSError).
std::span<const std::pair<std::string_view, TypeObject*>> builtin_exception_bindings();

/// A new exception instance with these args (no __init__ is run).
Ref<ExceptionObject> new_exception(TypeObject* type, std::vector<Value> args);
/// Shorthand: a one-argument exception with a str message.
Ref<ExceptionObject> new_exception(TypeObject* type, std::string message);

/// Throws PyException holding type(message).
[[noreturn]] void raise_error(TypeObject* type, std::string message);
/// Throws PyException holding this exception instance.
[[noreturn]] void raise_exception(Value exc);

/// Calling an exception class: ExceptionClass(*args, **kwargs). Creates the
/// instance with .args = args, then runs a user-defined __init__ if the class
/// or a user base defines one. This is the `construct` slot of every
/// exception type.
Value construct_exception(TypeObject* type, std::span<const Value> args,
                          std::span<const KwArg> kwargs);

/// str(exc): a user __str__ if defined; else no args -> '', one -> str(arg)
/// (KeyError: repr(arg)), several -> repr(args).
std::string exception_str(const Value& exc);
/// repr(exc): a user __repr__ if defined; else "ValueError('x')",
/// "ValueError('a', 1)", "ValueError()".
std::string exception_repr(const Value& exc);

/// type(), type(*value) for a tuple, else type(value); TypeError "calling ...
/// should have returned an instance of BaseException, not ..." when that is
/// not an exception.
Value create_exception(const Value& type, const Value& value);

/// Normalizes the operand of `raise`: an exception class is instantiated
/// with no arguments; an instance is returned as is; anything else raises
/// TypeError "exceptions must derive from BaseException".
Value exception_instance_for_raise(const Value& v);

/// isinstance(exc, type) for except-clause matching; `match` may be an
/// exception class or a tuple of them. TypeError "catching classes that do not
/// inherit from BaseException is not allowed" otherwise.
bool exception_matches(const Value& exc, const Value& match);

}  // namespace corosim
