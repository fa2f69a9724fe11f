#include "sim/vm/import.h"

#include <string>

#include "sim/lib/asyncio_module.h"
#include "sim/lib/random_module.h"
#include "sim/lib/time_module.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/module_object.h"

namespace corosim {
namespace {

struct ModuleEntry {
  std::string_view name;
  Value (*make)();
};

// The modules a scenario may import (the parser refuses every other name).
constexpr ModuleEntry kModules[] = {
    {"asyncio", make_asyncio_module},
    {"time", make_time_module},
    {"random", make_random_module},
};
constexpr size_t kModuleCount = sizeof(kModules) / sizeof(kModules[0]);

// One cached module per table row, built on first import in a run.
Value g_cache[kModuleCount];

// A module object whose references were cleared by Heap::release_all at the
// end of an earlier run is rebuilt, so a forgotten reset_imports() is harmless.
bool usable(const Value& m) { return m.is(ObjKind::kModule) && m.as<ModuleObject>()->dict; }

}  // namespace

Value import_module(std::string_view name) {
  for (size_t i = 0; i < kModuleCount; ++i) {
    if (kModules[i].name != name) continue;
    if (!usable(g_cache[i])) g_cache[i] = kModules[i].make();
    return g_cache[i];
  }
  raise_error(exception_types().module_not_found_error, "No module named '" + std::string(name) + "'");
}

void reset_imports() {
  for (Value& v : g_cache) v = Value();
}

}  // namespace corosim
