// Argument checking for the library's native functions and methods, with
// the messages CPython's argument parsers produce. Every helper raises a
// PyException (TypeError unless said otherwise).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "sim/runtime/call.h"
#include "sim/runtime/object.h"

// A nested namespace keeps these short, common names (type_error, ...) from
// colliding with other files' helpers.
namespace corosim::lib {

/// TypeError(message).
[[noreturn]] void type_error(std::string message);
/// ValueError(message).
[[noreturn]] void value_error(std::string message);

/// "len() takes exactly one argument (2 given)"; fname includes the owner
/// for methods ("list.append").
void expect_one_arg(std::string_view fname, std::span<const Value> args);
/// METH_NOARGS: "str.upper() takes no arguments (1 given)".
void expect_no_args(std::string_view fname, std::span<const Value> args);
/// Mirrors _PyArg_CheckPositional: "pop expected at most 1 argument, got 2",
/// "insert expected 2 arguments, got 1", "max expected at least 1 argument, got 0".
void expect_args(std::string_view fname, std::span<const Value> args, size_t min, size_t max);
/// Mirrors PyArg_ParseTuple's count check, still used by str.startswith,
/// str.count, ...: "startswith() takes at least 1 argument (0 given)".
void expect_args_parsetuple(std::string_view fname, std::span<const Value> args, size_t min,
                            size_t max);
/// "f() takes no keyword arguments" (fname as CPython spells it: "list.pop").
void expect_no_kwargs(std::string_view fname, std::span<const KwArg> kwargs);
/// Rejects a keyword outside `allowed`: "'foo' is an invalid keyword argument
/// for print()".
void expect_kwargs(std::string_view fname, std::span<const KwArg> kwargs,
                   std::initializer_list<std::string_view> allowed);
/// The keyword argument `name`, or a null Value.
Value find_kwarg(std::span<const KwArg> kwargs, std::string_view name);

/// An int from an int or bool (operator.index): otherwise TypeError
/// "'float' object cannot be interpreted as an integer".
int64_t index_arg(const Value& v);
/// A start/end bound of str.find, list.index, ... (_PyEval_SliceIndex when
/// `none_allowed`, _PyEval_SliceIndexNotNone otherwise); the caller handles
/// None itself. TypeError "slice indices must be integers or None or have an
/// __index__ method".
int64_t slice_index_arg(const Value& v, bool none_allowed);
/// True for a str Value.
bool is_str(const Value& v);
/// The UTF-8 text of a str Value (the caller checked is_str).
std::string_view str_text(const Value& v);

}  // namespace corosim::lib
