#include "sim/runtime/trashcan.h"

namespace corosim {
namespace {

constexpr int kMaxNesting = 64;
int g_depth = 0;
std::vector<Value>& parked() {
  static std::vector<Value>* values = new std::vector<Value>();  // never destroyed
  return *values;
}

}  // namespace

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
