// Which non-ASCII code points Python's repr() escapes: str.isprintable()
// of CPython 3.11 (Unicode 14.0.0), i.e. categories Cc, Cf, Cs, Co, Cn, Zl,
// Zp and Zs other than the ASCII space.
#pragma once

#include <cstdint>

namespace corosim {

/// True if CPython's Py_UNICODE_ISPRINTABLE(cp) holds.
bool unicode_is_printable(uint32_t cp);

}  // namespace corosim
