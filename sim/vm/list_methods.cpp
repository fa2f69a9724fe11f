// Mirrors Objects/listobject.c (3.11): the list methods and their messages.
#include "sim/vm/list_methods.h"

#include <algorithm>

#include "sim/runtime/builtin_types.h"
#include "sim/runtime/exception.h"
#include "sim/runtime/list_object.h"
#include "sim/runtime/native_function.h"
#include "sim/runtime/ops.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/tuple_object.h"
#include "sim/vm/builtins.h"
#include "sim/vm/native_args.h"

namespace corosim {

using namespace lib;  // this file's argument helpers (native_args.h)

namespace {

using Args = std::span<const Value>;
using KwArgs = std::span<const KwArg>;

std::vector<Value>& items_of(const Value& self) { return self.as<ListObject>()->items; }

Value list_append(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.append", kwargs);
  expect_one_arg("list.append", args);
  items_of(self).push_back(args[0]);
  return Value::none();
}

Value list_extend(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.extend", kwargs);
  expect_one_arg("list.extend", args);
  std::vector<Value> more = to_vector(args[0]);  // a copy, so l.extend(l) works
  std::vector<Value>& items = items_of(self);
  items.insert(items.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return Value::none();
}

Value list_pop(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.pop", kwargs);
  expect_args("pop", args, 0, 1);
  std::vector<Value>& items = items_of(self);
  int64_t index = args.empty() ? -1 : index_arg(args[0]);
  if (items.empty()) raise_error(exception_types().index_error, "pop from empty list");
  int64_t n = static_cast<int64_t>(items.size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) raise_error(exception_types().index_error, "pop index out of range");
  Value v = std::move(items[static_cast<size_t>(index)]);
  items.erase(items.begin() + index);
  return v;
}

Value list_insert(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.insert", kwargs);
  expect_args("insert", args, 2, 2);
  std::vector<Value>& items = items_of(self);
  int64_t n = static_cast<int64_t>(items.size());
  int64_t index = index_arg(args[0]);
  if (index < 0) index = std::max<int64_t>(index + n, 0);
  if (index > n) index = n;
  items.insert(items.begin() + index, args[1]);
  return Value::none();
}

Value list_remove(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.remove", kwargs);
  expect_one_arg("list.remove", args);
  std::vector<Value>& items = items_of(self);
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].identical(args[0]) || equals(items[i], args[0])) {
      items.erase(items.begin() + static_cast<int64_t>(i));
      return Value::none();
    }
  }
  value_error("list.remove(x): x not in list");
}

// start/stop of list.index, clamped as slice bounds.
int64_t clamp_bound(const Value& v, int64_t n) {
  int64_t i = slice_index_arg(v, false);
  if (i < 0) i = std::max<int64_t>(i + n, 0);
  return std::min(i, n);
}

// list.index and tuple.index (Objects/tupleobject.c tuple_index_impl).
int64_t sequence_index(const std::vector<Value>& items, Args args) {
  expect_args("index", args, 1, 3);
  int64_t n = static_cast<int64_t>(items.size());
  int64_t start = args.size() > 1 ? clamp_bound(args[1], n) : 0;
  int64_t stop = args.size() > 2 ? clamp_bound(args[2], n) : n;
  // The list may shrink while equality runs user code: re-check the size.
  for (int64_t i = start; i < stop && i < static_cast<int64_t>(items.size()); ++i) {
    const Value& item = items[static_cast<size_t>(i)];
    if (item.identical(args[0]) || equals(item, args[0])) return i;
  }
  return -1;
}

Value list_index(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.index", kwargs);
  int64_t i = sequence_index(items_of(self), args);
  if (i < 0) value_error(repr(args[0]) + " is not in list");
  return Value::from_int(i);
}

int64_t sequence_count(const std::vector<Value>& items, const Value& x) {
  int64_t count = 0;
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].identical(x) || equals(items[i], x)) ++count;
  return count;
}

Value list_count(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.count", kwargs);
  expect_one_arg("list.count", args);
  return Value::from_int(sequence_count(items_of(self), args[0]));
}

const std::vector<Value>& tuple_items(const Value& self) { return self.as<TupleObject>()->items; }

Value tuple_index(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("tuple.index", kwargs);
  int64_t i = sequence_index(tuple_items(self), args);
  if (i < 0) value_error("tuple.index(x): x not in tuple");
  return Value::from_int(i);
}

Value tuple_count(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("tuple.count", kwargs);
  expect_one_arg("tuple.count", args);
  return Value::from_int(sequence_count(tuple_items(self), args[0]));
}

// Mirrors list.sort: the list reads as empty while it is sorted, and a key
// function that changes it makes ValueError "list modified during sort".
Value list_sort(const Value& self, Args args, KwArgs kwargs) {
  if (!args.empty()) type_error("sort() takes no positional arguments");
  expect_kwargs("sort", kwargs, {"key", "reverse"});
  Value reverse = find_kwarg(kwargs, "reverse");
  bool rev = !reverse.is_null() && index_arg(reverse) != 0;
  std::vector<Value>& items = items_of(self);
  std::vector<Value> work;
  work.swap(items);
  try {
    sort_values(work, find_kwarg(kwargs, "key"), rev);
  } catch (...) {
    if (items.empty()) items.swap(work);
    throw;
  }
  bool modified = !items.empty();
  items.swap(work);
  if (modified) value_error("list modified during sort");
  return Value::none();
}

Value list_reverse(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.reverse", kwargs);
  expect_no_args("list.reverse", args);
  std::reverse(items_of(self).begin(), items_of(self).end());
  return Value::none();
}

Value list_copy(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.copy", kwargs);
  expect_no_args("list.copy", args);
  return new_list(items_of(self));
}

Value list_clear(const Value& self, Args args, KwArgs kwargs) {
  expect_no_kwargs("list.clear", kwargs);
  expect_no_args("list.clear", args);
  std::vector<Value> old;
  old.swap(items_of(self));  // released after the list is already empty
  return Value::none();
}

struct Method {
  std::string_view name;
  NativeFn fn;
};

constexpr Method kListMethods[] = {
    {"append", list_append}, {"clear", list_clear},   {"copy", list_copy},
    {"count", list_count},   {"extend", list_extend}, {"index", list_index},
    {"insert", list_insert}, {"pop", list_pop},       {"remove", list_remove},
    {"reverse", list_reverse}, {"sort", list_sort},
};

}  // namespace

void add_list_methods() {
  for (const Method& m : kListMethods) add_method(builtin_types().list, m.name, m.fn);
  // tuple's only two methods share list's search code.
  add_method(builtin_types().tuple, "count", tuple_count);
  add_method(builtin_types().tuple, "index", tuple_index);
}

}  // namespace corosim
