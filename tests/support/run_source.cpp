#include "tests/support/run_source.h"

#include <memory>
#include <sstream>
#include <stdexcept>

#include "sim/compile/compiler.h"
#include "sim/front/parser.h"
#include "sim/front/source.h"
#include "sim/runtime/finalizer.h"
#include "sim/runtime/run_context.h"
#include "sim/vm/module_runner.h"
#include "sim/vm/traceback.h"

namespace corosim::testing {
namespace {

struct Compiled {
  std::shared_ptr<const SourceFile> source;
  Ref<CodeObject> code;
  std::string diagnostic;
};

Compiled compile_text(std::string_view text) {
  Compiled c;
  c.source = std::make_shared<const SourceFile>(SourceFile::from_string("prog.py", std::string(text)));
  ParseResult parsed = parse(*c.source);
  if (!parsed.ok()) {
    c.diagnostic = parsed.error->format();
    return c;
  }
  CompileResult compiled = compile_module(*parsed.module, c.source);
  if (!compiled.ok()) {
    c.diagnostic = compiled.error->format();
    return c;
  }
  c.code = compiled.code;
  return c;
}

// Runs a module with top-level await without a loop: only bare yields.
void drive_module_coroutine(Ref<CodeObject> code) {
  Ref<CoroutineObject> coro = module_coroutine(code);
  for (;;) {
    SendResult r = coro->send(Value::none());
    if (r.kind == SendResult::Kind::kReturned) return;
    if (r.kind == SendResult::Kind::kRaised) throw PyException{r.value};
    if (!r.value.is_none()) throw std::runtime_error("needs a loop");
  }
}

}  // namespace

SourceRun run_source(std::string_view text, RunSourceOptions options) {
  SourceRun run;
  Compiled c = compile_text(text);
  if (!c.code) {
    run.diagnostic = c.diagnostic;
    return run;
  }
  std::ostringstream out;
  RunContext& rc = run_context();
  rc.out = &out;
  rc.steps = 0;
  rc.max_steps = options.max_steps;
  auto source = c.source;
  try {
    run_with_finalizers([&] {  // as Program runs a program
      if (c.code->is_coroutine()) drive_module_coroutine(c.code);
      else exec_module(c.code);
    });
  } catch (const PyException& e) {
    run.error = format_exception(e.exc, [source](const std::string&, int line) {
      return source->line_text(line);
    });
  } catch (const LimitExceeded& e) {
    run.limit = e.which;
  } catch (const std::runtime_error& e) {
    run.error = e.what();
  }
  rc.out = nullptr;
  rc.max_steps = 0;
  run.out = out.str();
  c.code = Ref<CodeObject>();
  Heap::release_all();  // as Program does after every run
  return run;
}

Ref<CodeObject> compile_source(std::string_view text) {
  Compiled c = compile_text(text);
  if (!c.code) throw std::runtime_error(c.diagnostic);
  return c.code;
}

}  // namespace corosim::testing
