#include "sim/runtime/finalizer.h"

#include <deque>

#include "sim/runtime/object.h"

namespace corosim {

namespace finalizer_detail {
bool g_pending = false;
}  // namespace finalizer_detail

namespace {

bool g_finalizers_on = false;
// Finalizers that drop objects with finalizers run theirs nested, as CPython
// does, up to this depth; deeper ones wait for an outer call's loop, so a
// long chain of generators each holding the next closes without a C++ stack
// as deep as the chain.
constexpr int kMaxNesting = 32;
int g_nesting = 0;

// Resurrected objects (count 1, owned by this queue) whose finalizer has not
// run yet, in the order they were dropped.
std::deque<Object*>& pending_objects() {
  static std::deque<Object*>* objects = new std::deque<Object*>();  // never destroyed
  return *objects;
}

// Drops the queue's reference to every object still in it, without running
// their finalizers (finalizers are off by then, so nothing is queued anew).
void release_pending() {
  std::deque<Object*> objects;
  objects.swap(pending_objects());
  finalizer_detail::g_pending = false;
  for (Object* o : objects) o->decref();
}

// Keeps `object` (count 0, about to be freed) alive for its finalizer, which
// the next run_pending_finalizers runs. False when finalizers are off.
bool defer_finalizer(Object* object) {
  if (!g_finalizers_on) return false;
  pending_objects().push_back(object);
  finalizer_detail::g_pending = true;
  return true;
}

}  // namespace

bool Object::call_finalizer_from_dealloc() {
  if (!needs_finalize() || !defer_finalizer(this)) return false;
  refcount_ = 1;  // resurrected: the pending queue owns it
  return true;
}

// Mirrors Objects/object.c PyObject_CallFinalizerFromDealloc (3.11), run
// later: PyErr_WriteUnraisable for what the finalizer raises.
void run_pending_finalizers() {
  if (g_nesting >= kMaxNesting) return;
  ++g_nesting;
  struct Done {  // also when a limit hit inside a finalizer ends the run
    ~Done() {
      --g_nesting;
      finalizer_detail::g_pending = !pending_objects().empty();
    }
  } done;
  std::deque<Object*>& objects = pending_objects();
  while (!objects.empty()) {
    struct Release {  // the queue's reference; freeing may queue more objects
      Object* o;
      ~Release() { o->decref(); }
    } release{objects.front()};
    objects.pop_front();
    finalizer_detail::g_pending = !objects.empty();
    try {
      release.o->finalize();
    } catch (const PyException&) {
      // Unraisable: CPython prints "Exception ignored in: ..." to stderr, one
      // of the messages it only logs, which corosim does not print (README).
    }
  }
}

void run_with_finalizers(const std::function<void()>& program) {
  struct Off {
    ~Off() {
      g_finalizers_on = false;
      release_pending();
    }
  } off;
  g_finalizers_on = true;
  program();
  run_pending_finalizers();
}

void stop_finalizers() { g_finalizers_on = false; }

}  // namespace corosim
