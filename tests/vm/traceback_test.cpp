// The uncaught-exception report, built from exception objects directly. The
// expected texts are CPython 3.11's (Python/pythonrun.c print_exception and
// Lib/traceback.py), without the caret lines corosim leaves out.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/runtime/exception.h"
#include "sim/vm/traceback.h"

namespace corosim {
namespace {

Ref<ExceptionObject> exc_with(TypeObject* type, const char* msg, std::vector<TracebackEntry> tb) {
  Ref<ExceptionObject> e = new_exception(type, msg);
  e->traceback.assign(tb.begin(), tb.end());
  return e;
}

std::string line_of(const std::string& file, int line) {
  return file + " line " + std::to_string(line) + "   ";
}

}  // namespace

TEST_CASE("a traceback lists frames outermost first with their stripped source lines") {
  auto e = exc_with(exception_types().value_error, "bad",
                    {{"prog.py", 10, "<module>"}, {"prog.py", 3, "main"}});
  CHECK(format_exception(Value(e), line_of) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 10, in <module>\n"
        "    prog.py line 10\n"
        "  File \"prog.py\", line 3, in main\n"
        "    prog.py line 3\n"
        "ValueError: bad\n");
}

TEST_CASE("without a source lookup only the File lines are printed") {
  auto e = exc_with(exception_types().key_error, "k", {{"prog.py", 2, "f"}});
  CHECK(format_exception(Value(e)) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 2, in f\n"
        "KeyError: 'k'\n");
}

TEST_CASE("an exception with an empty message prints only its type name") {
  Ref<ExceptionObject> e = new_exception(exception_types().runtime_error, std::vector<Value>{});
  CHECK(format_exception(Value(e)) == "RuntimeError\n");
  CHECK(format_exception_only(Value(e)) == "RuntimeError");
}

TEST_CASE("asyncio's exceptions print with their module") {
  Ref<ExceptionObject> e = new_exception(exception_types().cancelled_error, std::vector<Value>{});
  CHECK(format_exception_only(Value(e)) == "asyncio.exceptions.CancelledError");
}

TEST_CASE("more than three identical consecutive frames collapse into a repeat line") {
  std::vector<TracebackEntry> tb{{"prog.py", 5, "<module>"}};
  for (int i = 0; i < 10; ++i) tb.push_back({"prog.py", 2, "deep"});
  auto e = exc_with(exception_types().recursion_error, "maximum recursion depth exceeded", tb);
  CHECK(format_exception(Value(e)) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 5, in <module>\n"
        "  File \"prog.py\", line 2, in deep\n"
        "  File \"prog.py\", line 2, in deep\n"
        "  File \"prog.py\", line 2, in deep\n"
        "  [Previous line repeated 7 more times]\n"
        "RecursionError: maximum recursion depth exceeded\n");
}

TEST_CASE("one repeat beyond the cutoff says 'time'") {
  std::vector<TracebackEntry> tb(4, TracebackEntry{"prog.py", 2, "f"});
  tb.push_back({"prog.py", 9, "g"});
  auto e = exc_with(exception_types().value_error, "x", tb);
  CHECK(format_exception(Value(e)) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 2, in f\n"
        "  File \"prog.py\", line 2, in f\n"
        "  File \"prog.py\", line 2, in f\n"
        "  [Previous line repeated 1 more time]\n"
        "  File \"prog.py\", line 9, in g\n"
        "ValueError: x\n");
}

TEST_CASE("a __cause__ is printed first, then the direct-cause separator") {
  auto cause = exc_with(exception_types().key_error, "k", {{"prog.py", 2, "f"}});
  auto e = exc_with(exception_types().value_error, "v", {{"prog.py", 4, "<module>"}});
  e->cause = Value(cause);
  e->context = Value(cause);
  e->suppress_context = true;
  CHECK(format_exception(Value(e)) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 2, in f\n"
        "KeyError: 'k'\n"
        "\n"
        "The above exception was the direct cause of the following exception:\n"
        "\n"
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 4, in <module>\n"
        "ValueError: v\n");
}

TEST_CASE("a __context__ is printed with the during-handling separator unless suppressed") {
  auto ctx = exc_with(exception_types().zero_division_error, "division by zero", {{"prog.py", 2, "<module>"}});
  auto e = exc_with(exception_types().name_error, "name 'x' is not defined", {{"prog.py", 4, "<module>"}});
  e->context = Value(ctx);
  CHECK(format_exception(Value(e)) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 2, in <module>\n"
        "ZeroDivisionError: division by zero\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 4, in <module>\n"
        "NameError: name 'x' is not defined\n");
  e->suppress_context = true;  // raise ... from None
  CHECK(format_exception(Value(e)) ==
        "Traceback (most recent call last):\n"
        "  File \"prog.py\", line 4, in <module>\n"
        "NameError: name 'x' is not defined\n");
}

TEST_CASE("a cycle in the context chain is printed once") {
  auto a = exc_with(exception_types().value_error, "a", {});
  auto b = exc_with(exception_types().type_error, "b", {});
  a->context = Value(b);
  b->context = Value(a);
  CHECK(format_exception(Value(a)) ==
        "TypeError: b\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "ValueError: a\n");
  a->context = Value::none();  // break the cycle so the objects can be freed
}

}  // namespace corosim
