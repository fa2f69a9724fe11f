#include "sim/runtime/trashcan.h"

namespace corosim {
namespace {

constexpr int kMaxNesting = 64;
int g_depth = 0;
std::vector<Value>& parked() {
  static std::vector<Value>* values = new std::vector<Value>();  // never destroyed
  return *values;
}

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
// parked ones in a loop, so the C++ stack depth stays bounded.
void Object::dealloc() {
  if (g_dealloc_depth >= kMaxDeallocNesting) {
    parked_objects().push_back(this);
    return;
  }
  ++g_dealloc_depth;
  delete this;
  if (g_dealloc_depth == 1) {
    std::vector<Object*>& p = parked_objects();
    while (!p.empty()) {
      Object* o = p.back();
      p.pop_back();
      delete o;  // may park more objects; the loop takes them too
    }
  }
  --g_dealloc_depth;
}

void release_values(std::vector<Value>& items) {
  if (g_depth >= kMaxNesting) {
    std::vector<Value>& p = parked();
    for (Value& v : items)
      if (v.is_object()) p.push_back(std::move(v));
    items.clear();
    return;
  }
  ++g_depth;
  items.clear();
  if (g_depth == 1) {
    std::vector<Value>& p = parked();
    while (!p.empty()) {
      Value v = std::move(p.back());
      p.pop_back();
    }  // v's destructor may park more values; the loop takes them too
  }
  --g_depth;
}

}  // namespace corosim
