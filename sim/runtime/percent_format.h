// printf-style formatting of str: 'x=%d, y=%.2f' % (x, y). Mirrors
// Objects/unicodeobject.c PyUnicode_Format (3.11): flags - + space # 0,
// width and precision (also *), %(key)s with a mapping, conversions
// d i u x X o e E f F g G c s r a %, and CPython's error messages.
#pragma once

#include <string>
#include <string_view>

#include "sim/runtime/object.h"

namespace corosim {

/// fmt % args. Raises TypeError/ValueError/OverflowError as CPython does.
std::string percent_format(std::string_view fmt, const Value& args);

}  // namespace corosim
