// BaseExceptionGroup and ExceptionGroup (Objects/exceptions.c, 3.11): the
// constructor's checks and its choice of class, the `message` and
// `exceptions` attributes, str() "msg (2 sub-exceptions)", derive(), split()
// and subgroup(). The two classes are rows of exception.cpp's table; this
// file gives them their behaviour.
#pragma once

#include <string>

#include "sim/runtime/exception.h"

namespace corosim {

/// Installs the constructor and methods on the two classes (exception.cpp's
/// registry calls it once) and makes ExceptionGroup derive from Exception too.
void init_exception_group_types(TypeObject* base_group, TypeObject* group, TypeObject* exception);

/// True if e is a BaseExceptionGroup.
bool is_exception_group(const ExceptionObject& e);

/// Mirrors BaseExceptionGroup_str: "message (1 sub-exception)".
std::string exception_group_str(const ExceptionObject& e);

/// BaseExceptionGroup(message, exceptions) as CPython builds it: an
/// ExceptionGroup when every exception is an Exception.
Value new_exception_group(const Value& message, const Value& exceptions);

}  // namespace corosim
