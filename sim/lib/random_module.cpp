#include "sim/lib/random_module.h"

#include <span>
#include <string>

#include "sim/runtime/exception.h"
#include "sim/runtime/module_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/str_object.h"

namespace corosim {
namespace {

// The functions a scenario is most likely to reach for; each one refuses.
constexpr const char* kFunctions[] = {"random",  "randint", "randrange", "uniform", "choice",
                                      "choices", "shuffle", "sample",    "seed",    "gauss"};

// `self` is the function's data: its name, for the message.
Value not_supported(const Value& self, std::span<const Value>, std::span<const KwArg>) {
  raise_error(exception_types().not_implemented_error,
              "random." + self.as<StrObject>()->text() + "() is not supported by corosim yet");
}

}  // namespace

Value make_random_module() {
  Ref<ModuleObject> module = new_module("random", " from '/usr/lib/python3.11/random.py'");
  for (const char* name : kFunctions)
    module->set(name, Value(new_native_function(name, not_supported, new_str(name))));
  return Value(module);
}

}  // namespace corosim
