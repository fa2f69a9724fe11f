#include "sim/lib/asyncio_queues.h"

#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "sim/lib/asyncio_locks.h"
#include "sim/loop/native_args.h"
#include "sim/loop/native_coroutine.h"
#include "sim/loop/timer_heap.h"
#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/operators.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/type_object.h"

namespace corosim {
namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

// heapq's `<` on Python objects. heapq's C sift swaps, so an exception from
// `<` leaves a permutation of the items; heapq::siftdown does the same when
// `less` answers false, so the first error is kept, later comparisons are
// skipped, and the error is raised once the sift is over.
struct PyLess {
  std::optional<PyException>* error;
  bool operator()(const Value& a, const Value& b) const {
    if (*error) return false;
    try {
      return compare_bool(CompareOp::kLt, a, b);
    } catch (PyException& e) {
      *error = e;
      return false;
    }
  }
};

// Mirrors asyncio/queues.py Queue and its subclasses' _init/_put/_get: one
// object for the three, `kind_` choosing the storage discipline.
// Invariant: unfinished_tasks_ >= 0; finished_ is set iff it is 0.
class QueueObject final : public LoopBoundObject {
 public:
  enum class Kind : uint8_t { kFifo, kPriority, kLifo };

  QueueObject(TypeObject* type, Kind kind, Value maxsize)
      : LoopBoundObject(ObjKind::kOther, type), kind_(kind), maxsize_(std::move(maxsize)) {
    finished_ = make<EventObject>();
    finished_->set();
  }
  void clear_refs() override {
    LoopBoundObject::clear_refs();
    items_.clear();
    heap_.clear();
    getters_.clear();
    putters_.clear();
    maxsize_ = Value();
    finished_ = Ref<EventObject>();
  }

  // Mirrors Queue.__repr__: "<Queue at 0x... maxsize=0 _queue=[1]>".
  std::string repr() const override {
    return "<" + type()->name() + " at " + object_address(this) + " " + format() + ">";
  }
  // Mirrors Queue.__str__.
  std::string str() const { return "<" + type()->name() + " " + format() + ">"; }

  size_t qsize() const { return kind_ == Kind::kPriority ? heap_.size() : items_.size(); }
  bool empty() const { return qsize() == 0; }
  // Mirrors Queue.full.
  bool full() const {
    if (compare_bool(CompareOp::kLe, maxsize_, Value::from_int(0))) return false;
    return compare_bool(CompareOp::kGe, Value::from_int(static_cast<int64_t>(qsize())), maxsize_);
  }

  // Mirrors Queue.put_nowait.
  void put_nowait(const Value& item) {
    if (full()) throw PyException{Value(new_exception(queue_full_type(), std::vector<Value>{}))};
    put(item);
    unfinished_tasks_ += 1;
    finished_->clear();
    wakeup_next(getters_);
  }

  // Mirrors Queue.get_nowait.
  Value get_nowait() {
    if (empty()) throw PyException{Value(new_exception(queue_empty_type(), std::vector<Value>{}))};
    Value item = get();
    wakeup_next(putters_);
    return item;
  }

  // Mirrors Queue.task_done.
  void task_done() {
    if (unfinished_tasks_ <= 0)
      raise_error(exception_types().value_error, "task_done() called too many times");
    unfinished_tasks_ -= 1;
    if (unfinished_tasks_ == 0) finished_->set();
  }

  // Mirrors Queue._wakeup_next: drops done waiters from the front, wakes the first pending one.
  static void wakeup_next(Waiters& waiters) {
    while (!waiters.empty()) {
      Ref<FutureObject> waiter = std::move(waiters.front());
      waiters.pop_front();
      if (!waiter->done()) {
        waiter->set_result(Value::none());
        break;
      }
    }
  }

  Waiters getters_;
  Waiters putters_;
  int64_t unfinished_tasks_ = 0;
  Ref<EventObject> finished_;
  const Value& maxsize() const { return maxsize_; }

 private:
  // Mirrors Queue._put / PriorityQueue._put (heappush) / LifoQueue._put.
  void put(const Value& item) {
    if (kind_ != Kind::kPriority) {
      items_.push_back(item);
      return;
    }
    std::optional<PyException> error;
    heapq::push(heap_, item, PyLess{&error});
    if (error) throw *error;
  }

  // Mirrors Queue._get (popleft) / PriorityQueue._get (heappop) / LifoQueue._get (pop).
  Value get() {
    Value item;
    switch (kind_) {
      case Kind::kFifo:
        item = std::move(items_.front());
        items_.pop_front();
        return item;
      case Kind::kLifo:
        item = std::move(items_.back());
        items_.pop_back();
        return item;
      case Kind::kPriority:
        break;
    }
    std::optional<PyException> error;
    item = heapq::pop(heap_, PyLess{&error});
    if (error) throw *error;
    return item;
  }

  std::vector<Value> contents() const {
    if (kind_ == Kind::kPriority) return heap_;
    return std::vector<Value>(items_.begin(), items_.end());
  }

  // Mirrors Queue._format.
  std::string format() const {
    std::string result = "maxsize=" + corosim::repr(maxsize_);
    if (!empty()) result += " _queue=" + corosim::repr(Value(new_list(contents())));
    if (!getters_.empty()) result += " _getters[" + std::to_string(getters_.size()) + "]";
    if (!putters_.empty()) result += " _putters[" + std::to_string(putters_.size()) + "]";
    if (unfinished_tasks_ != 0) result += " tasks=" + std::to_string(unfinished_tasks_);
    return result;
  }

  Kind kind_;
  Value maxsize_;
  std::deque<Value> items_;  // kFifo and kLifo
  std::vector<Value> heap_;  // kPriority
};

// Mirrors the `except:` of Queue.put and Queue.get: the waiter gives up its
// place, and a wake-up it received but cannot use goes to the next in line.
void give_up_waiter(Waiters& waiters, FutureObject& waiter, bool can_proceed) {
  waiter.cancel();                  // just in case it is not done yet
  remove_waiter(waiters, &waiter);  // _wakeup_next may have popped it already
  if (can_proceed && !waiter.cancelled()) QueueObject::wakeup_next(waiters);
}

// Mirrors asyncio/queues.py Queue.put (3.11.7).
AsyncBody queue_put_body(Ref<QueueObject> self, Value item) {
  while (self->full()) {
    Ref<FutureObject> putter = self->get_loop().create_future();
    self->putters_.push_back(putter);
    try {
      co_await Value(putter);
    } catch (PyException&) {
      give_up_waiter(self->putters_, *putter, !self->full());
      throw;
    }
  }
  self->put_nowait(item);
  co_return Value::none();
}

// Mirrors asyncio/queues.py Queue.get (3.11.7). A woken getter that finds
// the queue empty again (another task took the item) queues again at the
// tail.
AsyncBody queue_get_body(Ref<QueueObject> self) {
  while (self->empty()) {
    Ref<FutureObject> getter = self->get_loop().create_future();
    self->getters_.push_back(getter);
    try {
      co_await Value(getter);
    } catch (PyException&) {
      give_up_waiter(self->getters_, *getter, !self->empty());
      throw;
    }
  }
  co_return self->get_nowait();
}

// Mirrors asyncio/queues.py Queue.join (3.11.7).
AsyncBody queue_join_body(Ref<QueueObject> self) {
  if (self->unfinished_tasks_ > 0) co_await Value(self->finished_->wait());
  co_return Value::none();
}

// ---- Python-visible methods -------------------------------------------------

QueueObject& self_queue(const Value& self, const char* method) {
  if (!self.is_object() || !is_subtype(self.obj()->type(), queue_type()))
    raise_error(exception_types().type_error, std::string("descriptor '") + method +
                                                  "' for 'Queue' objects doesn't apply to a '" +
                                                  type_name(self) + "' object");
  return *self.as<QueueObject>();
}

// The methods are Queue's own in queues.py (the subclasses override only
// _init, _put and _get), so errors name them "Queue.get" for every kind.
void no_args(const char* qualname, Args args, KwArgs kwargs) {
  native_args::check_method_no_args(qualname, args, kwargs);
}

Value item_arg(const char* qualname, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"item"}};
  Value v[1];
  native_args::bind_method(qualname, 1, args, kwargs, kParams, v);
  return v[0];
}

Value q_qsize(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.qsize", args, kwargs);
  return Value::from_int(static_cast<int64_t>(self_queue(self, "qsize").qsize()));
}
Value q_empty(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.empty", args, kwargs);
  return Value::from_bool(self_queue(self, "empty").empty());
}
Value q_full(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.full", args, kwargs);
  return Value::from_bool(self_queue(self, "full").full());
}
Value q_put(const Value& self, Args args, KwArgs kwargs) {
  Value item = item_arg("Queue.put", args, kwargs);
  return Value(make_native_coroutine("Queue.put", queue_put_body(Ref<QueueObject>(&self_queue(self, "put")), item), self));
}
Value q_put_nowait(const Value& self, Args args, KwArgs kwargs) {
  Value item = item_arg("Queue.put_nowait", args, kwargs);
  self_queue(self, "put_nowait").put_nowait(item);
  return Value::none();
}
Value q_get(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.get", args, kwargs);
  return Value(make_native_coroutine("Queue.get", queue_get_body(Ref<QueueObject>(&self_queue(self, "get"))), self));
}
Value q_get_nowait(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.get_nowait", args, kwargs);
  return self_queue(self, "get_nowait").get_nowait();
}
Value q_task_done(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.task_done", args, kwargs);
  self_queue(self, "task_done").task_done();
  return Value::none();
}
Value q_join(const Value& self, Args args, KwArgs kwargs) {
  no_args("Queue.join", args, kwargs);
  return Value(make_native_coroutine("Queue.join", queue_join_body(Ref<QueueObject>(&self_queue(self, "join"))), self));
}

std::string queue_repr(const Value& self) { return self.as<QueueObject>()->repr(); }
std::string queue_str(const Value& self) { return self.as<QueueObject>()->str(); }

// The `maxsize` property.
Value queue_attr(const Value& self, std::string_view name) {
  if (name == "maxsize") return self.as<QueueObject>()->maxsize();
  return Value();
}

// Queue(maxsize=0) and its subclasses.
Value construct_queue(TypeObject* type, Args args, KwArgs kwargs) {
  static constexpr native_args::Param kParams[] = {{"maxsize"}};
  Value v[1];
  native_args::bind_method("Queue.__init__", 0, args, kwargs, kParams, v);
  QueueObject::Kind kind = QueueObject::Kind::kFifo;
  if (is_subtype(type, priority_queue_type()))
    kind = QueueObject::Kind::kPriority;
  else if (is_subtype(type, lifo_queue_type()))
    kind = QueueObject::Kind::kLifo;
  return Value(make<QueueObject>(type, kind, v[0].is_null() ? Value::from_int(0) : v[0]));
}

struct MethodEntry {
  const char* name;
  NativeFn fn;
};
constexpr MethodEntry kQueueMethods[] = {{"qsize", q_qsize},
                                         {"empty", q_empty},
                                         {"full", q_full},
                                         {"put", q_put},
                                         {"get", q_get},
                                         {"put_nowait", q_put_nowait},
                                         {"get_nowait", q_get_nowait},
                                         {"task_done", q_task_done},
                                         {"join", q_join}};

TypeObject* new_queue_type(const char* name, TypeObject* base) {
  TypeObject* t = new_builtin_type(name, base, 0, "asyncio.queues");
  t->construct = construct_queue;
  return t;
}

}  // namespace

TypeObject* queue_type() {
  static TypeObject* t = [] {
    TypeObject* q = new_queue_type("Queue", builtin_types().object);
    q->repr = queue_repr;
    q->str = queue_str;
    q->get_attr = queue_attr;
    for (const MethodEntry& m : kQueueMethods) add_method(q, m.name, m.fn);
    return q;
  }();
  return t;
}
TypeObject* priority_queue_type() {
  static TypeObject* t = new_queue_type("PriorityQueue", queue_type());
  return t;
}
TypeObject* lifo_queue_type() {
  static TypeObject* t = new_queue_type("LifoQueue", queue_type());
  return t;
}
TypeObject* queue_empty_type() {
  static TypeObject* t =
      new_builtin_type("QueueEmpty", exception_types().exception, kTypeException, "asyncio.queues");
  return t;
}
TypeObject* queue_full_type() {
  static TypeObject* t =
      new_builtin_type("QueueFull", exception_types().exception, kTypeException, "asyncio.queues");
  return t;
}

}  // namespace corosim
