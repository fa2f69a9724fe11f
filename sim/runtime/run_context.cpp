#include "sim/runtime/run_context.h"

namespace corosim {

RunContext& run_context() {
  static RunContext context;
  return context;
}

}  // namespace corosim
