// The loop's timer queue: a binary min-heap in an array, run by exactly the
// algorithm of Lib/heapq.py (3.11). Equal deadlines therefore leave in
// heapq's order, which is NOT insertion order (4 equal timers pop A C B D);
// reproducing that is the point, so there is no sequence-number tie-break.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "sim/loop/handle.h"

namespace corosim {

/// heapq's algorithm on any std::vector with a strict "less" predicate. Only
/// `less` is ever called, as heapq only calls `<`. Kept generic because
/// asyncio.PriorityQueue later runs the same algorithm on Python objects.
namespace heapq {

// Mirrors Lib/heapq.py _siftdown (3.11): moves heap[pos] up towards `start`.
template <class T, class Less>
void siftdown(std::vector<T>& heap, size_t start, size_t pos, Less less) {
  T item = std::move(heap[pos]);
  while (pos > start) {
    size_t parent_pos = (pos - 1) >> 1;
    if (!less(item, heap[parent_pos])) break;
    heap[pos] = std::move(heap[parent_pos]);
    pos = parent_pos;
  }
  heap[pos] = std::move(item);
}

// Mirrors Lib/heapq.py _siftup (3.11): sinks heap[pos] to a leaf, always
// taking the smaller child and the RIGHT one on ties, then sifts it back up.
template <class T, class Less>
void siftup(std::vector<T>& heap, size_t pos, Less less) {
  const size_t end = heap.size();
  const size_t start = pos;
  T item = std::move(heap[pos]);
  size_t child = 2 * pos + 1;
  while (child < end) {
    size_t right = child + 1;
    if (right < end && !less(heap[child], heap[right])) child = right;
    heap[pos] = std::move(heap[child]);
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = std::move(item);
  siftdown(heap, start, pos, less);
}

// Mirrors Lib/heapq.py heappush (3.11).
template <class T, class Less>
void push(std::vector<T>& heap, T item, Less less) {
  heap.push_back(std::move(item));
  siftdown(heap, 0, heap.size() - 1, less);
}

// Mirrors Lib/heapq.py heappop (3.11). Precondition: !heap.empty().
template <class T, class Less>
T pop(std::vector<T>& heap, Less less) {
  T last = std::move(heap.back());
  heap.pop_back();
  if (heap.empty()) return last;
  T top = std::move(heap[0]);
  heap[0] = std::move(last);
  siftup(heap, 0, less);
  return top;
}

// Mirrors Lib/heapq.py heapify (3.11): bottom-up, from the last parent.
template <class T, class Less>
void heapify(std::vector<T>& heap, Less less) {
  for (size_t i = heap.size() / 2; i-- > 0;) siftup(heap, i, less);
}

}  // namespace heapq

/// The loop's `_scheduled` list: TimerHandles ordered by when() only
/// (TimerHandle.__lt__). The array order is observable (the rebuild in
/// run_once filters it in array order), so it is exposed read-only.
class TimerHeap {
 public:
  using Item = Ref<TimerHandle>;

  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  /// heap[0]. Precondition: !empty().
  TimerHandle* top() const { return items_.front().get(); }
  const std::vector<Item>& items() const { return items_; }

  void push(Item handle) { heapq::push(items_, std::move(handle), Less{}); }
  Item pop() { return heapq::pop(items_, Less{}); }
  /// The rebuild path of run_once: drops the cancelled handles (clearing
  /// their `scheduled`), keeping the others in array order, then heapifies.
  void remove_cancelled_and_heapify();
  void clear() { items_.clear(); }

 private:
  struct Less {
    bool operator()(const Item& x, const Item& y) const { return x->when() < y->when(); }
  };
  std::vector<Item> items_;
};

}  // namespace corosim
