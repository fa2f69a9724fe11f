#include "sim/runtime/finalizer.h"

#include <exception>
#include <utility>

#include "sim/runtime/object.h"

namespace corosim {
namespace {

bool g_finalizers_on = false;
// The first run-ending exception a finalizer caught, for run_with_finalizers.
std::exception_ptr g_run_ended;

void rethrow_run_end() {
  if (g_run_ended) std::rethrow_exception(std::exchange(g_run_ended, nullptr));
}

}  // namespace

// Mirrors Objects/object.c PyObject_CallFinalizerFromDealloc (3.11), with
// PyErr_WriteUnraisable for what the finalizer raises.
bool Object::call_finalizer_from_dealloc() {
  if (!g_finalizers_on) return false;
  refcount_ = 1;  // resurrected for the call
  try {
    finalize();
  } catch (const PyException&) {
    // Unraisable: CPython prints "Exception ignored in: ..." to stderr, one
    // of the messages it only logs, which corosim does not print (README).
  } catch (...) {
    // A limit hit inside the finalizer cannot leave a destructor; the run
    // ends with it as soon as the program's code returns to run_with_finalizers
    // (max-steps fires again at the very next instruction anyway).
    if (!g_run_ended) g_run_ended = std::current_exception();
  }
  return --refcount_ != 0;
}

void run_with_finalizers(const std::function<void()>& program) {
  struct Off {
    ~Off() {
      g_finalizers_on = false;
      g_run_ended = nullptr;
    }
  } off;
  g_finalizers_on = true;
  g_run_ended = nullptr;
  try {
    program();
  } catch (const PyException&) {
    rethrow_run_end();
    throw;
  }
  rethrow_run_end();
}

void stop_finalizers() { g_finalizers_on = false; }

}  // namespace corosim
