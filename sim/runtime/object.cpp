#include "sim/runtime/object.h"

#include <vector>

#include "sim/runtime/type_object.h"

namespace corosim {
namespace {

Object* g_heap_head = nullptr;
size_t g_heap_count = 0;
uint32_t g_serial = 0;

}  // namespace

Object::Object(ObjKind kind, TypeObject* type)
    : kind_(kind),
      serial_lo_(uint8_t(++g_serial)),
      serial_hi_(uint16_t(g_serial >> 8)),
      type_(type) {
  // An instance keeps its class alive, as CPython's heap types are kept by
  // theirs: a class made inside a function outlives the call through its
  // instances (an exception raised out of it, an object returned).
  if (type_ && type_->is_user()) type_->incref();
  Heap::link(this);
}

Object::~Object() {
  Heap::unlink(this);
  if (type_ && type_->is_user()) type_->decref();
}

void Heap::link(Object* o) {
  o->heap_next_ = g_heap_head;
  if (g_heap_head) g_heap_head->heap_prev_ = o;
  g_heap_head = o;
  ++g_heap_count;
}

void Heap::unlink(Object* o) {
  if (o->heap_prev_) o->heap_prev_->heap_next_ = o->heap_next_;
  else g_heap_head = o->heap_next_;
  if (o->heap_next_) o->heap_next_->heap_prev_ = o->heap_prev_;
  --g_heap_count;
}

void Heap::release_all() {
  // Hold every mortal object first, so none is freed while its neighbours are
  // still being cleared; dropping the holds afterwards frees them all.
  std::vector<Object*> held;
  held.reserve(g_heap_count);
  for (Object* o = g_heap_head; o; o = o->heap_next_) {
    // A Ref taken before make_immortal() may be dropped afterwards, leaving
    // the count a little below kImmortal: such objects are still immortal.
    if (o->refcount_ >= Object::kImmortal / 2) continue;
    o->incref();
    held.push_back(o);
  }
  for (Object* o : held) o->clear_refs();
  for (Object* o : held) o->decref();
}

size_t Heap::live_count() { return g_heap_count; }

bool Value::identical(const Value& o) const {
  if (tag_ != o.tag_) return false;
  switch (tag_) {
    case Tag::kNull:
    case Tag::kNone: return true;
    case Tag::kBool: return u_.b == o.u_.b;
    case Tag::kInt: return u_.i == o.u_.i;
    case Tag::kFloat: return u_.d == o.u_.d;
    case Tag::kObject: return u_.o == o.u_.o;
  }
  return false;
}

}  // namespace corosim
