// Freeing deeply nested objects without deep C++ recursion: a list nested a
// million levels deep, or a million never-awaited coroutines each holding the
// previous one, would otherwise overflow the stack in a chain of destructors
// (CPython's Py_TRASHCAN_BEGIN/END solves the same problem).
#include <vector>

#include "sim/runtime/object.h"

namespace corosim {
namespace {

constexpr int kMaxDeallocNesting = 64;
int g_dealloc_depth = 0;
std::vector<Object*>& parked_objects() {
  static std::vector<Object*>* objects = new std::vector<Object*>();  // never destroyed
  return *objects;
}

}  // namespace

// Mirrors CPython's trashcan (Py_TRASHCAN_BEGIN/END), but for every object
// kind at once: a destructor chain deeper than the limit parks the object
// (its count is 0, nothing can reach it) and the outermost delete frees the
// parked ones in a loop, so the C++ stack depth stays bounded. (Finalizers
// never run here: a dealloc only queues them, see finalizer.h.)
void Object::dealloc() {
  if (g_dealloc_depth >= kMaxDeallocNesting) {
    parked_objects().push_back(this);
    return;
  }
  ++g_dealloc_depth;
  finalize_and_delete();
  if (g_dealloc_depth == 1) {
    std::vector<Object*>& p = parked_objects();
    while (!p.empty()) {
      Object* o = p.back();
      p.pop_back();
      o->finalize_and_delete();  // may park more objects; the loop takes them too
    }
  }
  --g_dealloc_depth;
}

void Object::finalize_and_delete() {
  if (has_finalizer() && call_finalizer_from_dealloc()) return;  // resurrected
  delete this;
}

}  // namespace corosim
