// The object model every part of corosim shares: the heap Object header,
// the Value that holds any Python value, and the C++ exception that carries a
// Python exception through native code.
//
// Ownership: objects are reference counted (Value and Ref<T> count), so most
// garbage is freed at once and a waiting task costs only its own objects.
// Python programs build cycles routinely (a module function's globals hold the
// function), so every object is also linked into one registry; at the end of a
// run Heap::release_all() clears every object's references, which frees the
// cycles too (CPython's tp_clear at shutdown, minus the cycle detector).
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace corosim {

class TypeObject;

// One entry per C++ class of heap object, so hot paths switch instead of
// doing dynamic_cast. The Python-visible type is Object::type().
enum class ObjKind : uint8_t {
  kStr,
  kList,
  kTuple,
  kDict,
  kSet,
  kType,
  kException,       // instance of BaseException or a subclass
  kInstance,        // instance of a user class that is not an exception
  kModule,
  kRange,
  kSlice,
  kIterator,        // every built-in iterator (list, dict, range, zip, map, ...)
  kNativeFunction,  // builtin function or method implemented in C++
  kBoundMethod,
  kCode,
  kFunction,
  kCell,
  kCoroutine,       // coroutine of an `async def`
  kGenerator,       // generator expression
  kNativeCoroutine, // coroutine implemented in C++ (asyncio.sleep, ...)
  kFuture,
  kTask,
  kHandle,          // asyncio Handle / TimerHandle
  kDictView,        // dict.keys() / values() / items() (runtime/dict_object.h)
  kOther,
};

class Object {
 public:
  Object(ObjKind kind, TypeObject* type);
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  virtual ~Object();

  ObjKind kind() const { return kind_; }
  TypeObject* type() const { return type_; }
  void set_type(TypeObject* type) { type_ = type; }

  // Drops every reference this object holds to other objects. Containers,
  // frames, functions, ... override it; Heap::release_all() calls it.
  virtual void clear_refs() {}

  // CPython's tp_finalize (PEP 442), for the kinds has_finalizer() names:
  // when the count reaches zero and needs_finalize() says so, the object is
  // kept alive and finalize() runs at the next safe point, at the latest
  // before the next instruction (sim/runtime/finalizer.h). It may run Python
  // code; a Python exception leaving it is "unraisable" and dropped.
  // Referencing the object anew keeps it alive; needs_finalize() must be
  // false once finalize() has run.
  virtual bool needs_finalize() const { return false; }
  virtual void finalize() {}

  void incref() { ++refcount_; }
  void decref() {
    if (--refcount_ == 0) dealloc();
  }
  uint32_t refcount() const { return refcount_; }

  // A per-process creation counter (24 bits, wraps), so that reprs showing
  // an address ("<function f at 0x7f...>") and identity hashes are the same
  // on every run. Not unique after 16M objects; identity uses the pointer.
  uint32_t serial() const { return serial_lo_ | (uint32_t(serial_hi_) << 8); }

  // Immortal objects (type objects, the module tables) are never freed.
  void make_immortal() { refcount_ = kImmortal; }

 private:
  friend class Heap;
  static constexpr uint32_t kImmortal = 1u << 30;
  // Deletes this object, or past a nesting depth of deletes parks it for the
  // outermost one (sim/runtime/trashcan.cpp), so freeing a million-deep chain
  // of any kind of object (frames, closures, coroutines) never overflows.
  void dealloc();
  // Suspended generators and coroutines are closed when dropped, and futures
  // log an exception never retrieved; checking the kind keeps every other
  // dealloc free of a virtual call.
  bool has_finalizer() const {
    return kind_ == ObjKind::kGenerator || kind_ == ObjKind::kCoroutine || kind_ == ObjKind::kFuture ||
           kind_ == ObjKind::kTask;
  }
  // Queues the object for finalize() if finalizers are on and it needs it;
  // true when it was resurrected for that.
  bool call_finalizer_from_dealloc();
  // The body of dealloc(), for this object or a parked one.
  void finalize_and_delete();
  uint32_t refcount_ = 0;
  ObjKind kind_;
  uint8_t serial_lo_;   // serial(): fits the padding before type_
  uint16_t serial_hi_;
  TypeObject* type_;
  Object* heap_prev_ = nullptr;  // registry links, see Heap
  Object* heap_next_ = nullptr;
};

// The registry of live objects. One per process; a run releases what it made.
class Heap {
 public:
  // Clears the references of every live non-immortal object, so that cycles
  // fall apart and every object is freed. Values held by C++ code across this
  // call must not be used afterwards.
  static void release_all();
  static size_t live_count();

 private:
  friend class Object;
  static void link(Object* o);
  static void unlink(Object* o);
};

// Intrusive strong reference to an Object subclass.
template <class T>
class Ref {
 public:
  Ref() = default;
  Ref(T* p) : p_(p) {  // NOLINT: implicit from a fresh or borrowed pointer
    if (p_) p_->incref();
  }
  Ref(const Ref& o) : Ref(o.p_) {}
  Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  template <class U>
  Ref(const Ref<U>& o) : Ref(static_cast<T*>(o.get())) {}
  ~Ref() {
    if (p_) p_->decref();
  }
  Ref& operator=(Ref o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(const Ref& o) const { return p_ == o.p_; }

 private:
  T* p_ = nullptr;
};

template <class T, class... Args>
Ref<T> make(Args&&... args) {
  return Ref<T>(new T(std::forward<Args>(args)...));
}

// Any Python value. Small immutable values live inline; everything else is an
// Object reference. kNull is not a Python value: it marks an unbound local, a
// missing argument or "no result" in C++ interfaces.
class Value {
 public:
  enum class Tag : uint8_t { kNull, kNone, kBool, kInt, kFloat, kObject };

  Value() = default;
  Value(Object* o) : tag_(o ? Tag::kObject : Tag::kNull) {  // NOLINT
    u_.o = o;
    if (o) o->incref();
  }
  template <class T>
  Value(const Ref<T>& r) : Value(static_cast<Object*>(r.get())) {}  // NOLINT
  Value(const Value& v) : tag_(v.tag_), u_(v.u_) {
    if (tag_ == Tag::kObject) u_.o->incref();
  }
  Value(Value&& v) noexcept : tag_(v.tag_), u_(v.u_) { v.tag_ = Tag::kNull; }
  Value& operator=(Value v) noexcept {
    std::swap(tag_, v.tag_);
    std::swap(u_, v.u_);
    return *this;
  }
  ~Value() {
    if (tag_ == Tag::kObject) u_.o->decref();
  }

  static Value none() { return Value(Tag::kNone); }
  static Value from_bool(bool b) {
    Value v(Tag::kBool);
    v.u_.b = b;
    return v;
  }
  static Value from_int(int64_t i) {
    Value v(Tag::kInt);
    v.u_.i = i;
    return v;
  }
  static Value from_float(double d) {
    Value v(Tag::kFloat);
    v.u_.d = d;
    return v;
  }

  Tag tag() const { return tag_; }
  bool is_null() const { return tag_ == Tag::kNull; }
  bool is_none() const { return tag_ == Tag::kNone; }
  bool is_bool() const { return tag_ == Tag::kBool; }
  bool is_int() const { return tag_ == Tag::kInt; }  // false for bool
  bool is_float() const { return tag_ == Tag::kFloat; }
  bool is_object() const { return tag_ == Tag::kObject; }
  bool is(ObjKind k) const { return tag_ == Tag::kObject && u_.o->kind() == k; }

  bool as_bool() const { return u_.b; }
  int64_t as_int() const { return u_.i; }
  double as_float() const { return u_.d; }
  Object* obj() const { return u_.o; }
  template <class T>
  T* as() const {
    return static_cast<T*>(u_.o);
  }

  // Python's `is`.
  bool identical(const Value& o) const;

 private:
  explicit Value(Tag t) : tag_(t) {}
  Tag tag_ = Tag::kNull;
  union {
    bool b;
    int64_t i;
    double d;
    Object* o;
  } u_{};
};

// A Python exception travelling through C++ code. Native functions throw it
// (usually through raise_error in runtime/exception.h); the interpreter catches
// it at the instruction that called into native code and unwinds Python
// frames. `exc` is always an exception instance (ObjKind::kException).
struct PyException {
  Value exc;
};

}  // namespace corosim
