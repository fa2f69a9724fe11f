#include "sim/vm/module_runner.h"

#include "sim/compile/code.h"
#include "sim/runtime/dict_object.h"
#include "sim/runtime/str_object.h"
#include "sim/vm/builtins.h"
#include "sim/vm/coroutine.h"
#include "sim/vm/frame.h"
#include "sim/vm/interpreter.h"

namespace corosim {
namespace {

// The globals of `python3 prog.py`'s __main__ that a program can observe.
void fill_main_globals(DictObject& g, const CodeObject& code) {
  if (g.get_str("__name__").is_null()) g.set_str("__name__", new_str("__main__"));
  if (g.get_str("__doc__").is_null()) g.set_str("__doc__", code.doc.is_null() ? Value::none() : code.doc);
  if (g.get_str("__file__").is_null()) g.set_str("__file__", new_str(code.filename));
}

Value main_globals(const CodeObject& code) {
  Ref<DictObject> g = new_dict();
  fill_main_globals(*g, code);
  return Value(g);
}

}  // namespace

Value exec_module(Ref<CodeObject> code) { return exec_module_in(code, new_dict()); }

Value exec_module_in(Ref<CodeObject> code, Ref<DictObject> dict) {
  init_builtins();
  fill_main_globals(*dict, *code);
  Value globals(dict);
  auto frame = std::make_unique<Frame>(code, std::move(globals), Frame::Kind::kModule);
  run_frame_to_completion(std::move(frame));
  return Value::none();
}

Ref<CoroutineObject> module_coroutine(Ref<CodeObject> code) {
  init_builtins();
  Value globals = main_globals(*code);
  auto frame = std::make_unique<Frame>(code, std::move(globals), Frame::Kind::kCoroutine);
  return Ref<CoroutineObject>(make<PyCoroObject>(std::move(frame), "<module>", "<module>"));
}

}  // namespace corosim
