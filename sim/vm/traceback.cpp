#include "sim/vm/traceback.h"

#include <unordered_set>

#include "sim/runtime/exception.h"
#include "sim/runtime/type_object.h"
#include "sim/runtime/builtin_types.h"

namespace corosim {
namespace {

// Lib/traceback.py _RECURSIVE_CUTOFF: identical consecutive entries shown.
constexpr int kRecursiveCutoff = 3;

std::string strip(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\f\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\f\r\n");
  return s.substr(b, e - b + 1);
}

std::string repeated(int count) {
  return "  [Previous line repeated " + std::to_string(count) + " more time" +
         (count > 1 ? "s" : "") + "]\n";
}

// Mirrors Lib/traceback.py StackSummary.format (3.11), without carets.
std::string format_stack(const std::deque<TracebackEntry>& entries, const SourceLineLookup& lines) {
  std::string out;
  const TracebackEntry* last = nullptr;
  int count = 0;
  for (const TracebackEntry& e : entries) {
    if (!last || last->filename != e.filename || last->line != e.line || last->function != e.function) {
      if (count > kRecursiveCutoff) out += repeated(count - kRecursiveCutoff);
      last = &e;
      count = 0;
    }
    if (++count > kRecursiveCutoff) continue;
    out += "  File \"" + e.filename + "\", line " + std::to_string(e.line) + ", in " + e.function + "\n";
    const std::string text = lines ? strip(lines(e.filename, e.line)) : "";
    if (!text.empty()) out += "    " + text + "\n";
  }
  if (count > kRecursiveCutoff) out += repeated(count - kRecursiveCutoff);
  return out;
}

bool is_exception(const Value& v) { return v.is(ObjKind::kException); }

void format_one(const Value& exc, const SourceLineLookup& lines, std::string& out) {
  const auto* e = exc.as<ExceptionObject>();
  if (!e->traceback.empty()) {
    out += "Traceback (most recent call last):\n";
    out += format_stack(e->traceback, lines);
  }
  out += format_exception_only(exc) + "\n";
}

}  // namespace

// Mirrors print_exception_recursive (Python/pythonrun.c, 3.11): the cause or
// context is printed before the exception it led to. Iterative, because a
// loop of raise-in-except can build long context chains.
std::string format_exception(const Value& exc, const SourceLineLookup& lines) {
  if (!is_exception(exc)) return format_exception_only(exc) + "\n";
  struct Link {
    Value exc;
    const char* joint;  // printed between this exception and the next newer one
  };
  std::vector<Link> chain{{exc, nullptr}};
  std::unordered_set<const Object*> seen{exc.obj()};
  for (;;) {
    const auto* e = chain.back().exc.as<ExceptionObject>();
    if (is_exception(e->cause)) {
      if (seen.count(e->cause.obj())) break;
      chain.push_back({e->cause, "\nThe above exception was the direct cause of the following exception:\n\n"});
    } else if (!e->suppress_context && is_exception(e->context) && !seen.count(e->context.obj())) {
      chain.push_back({e->context, "\nDuring handling of the above exception, another exception occurred:\n\n"});
    } else {
      break;
    }
    seen.insert(chain.back().exc.obj());
  }
  std::string out;
  for (size_t i = chain.size(); i > 0; --i) {
    format_one(chain[i - 1].exc, lines, out);
    if (chain[i - 1].joint) out += chain[i - 1].joint;
  }
  return out;
}

std::string format_exception_only(const Value& exc) {
  std::string type = qualified_type_name(type_of(exc));
  std::string text;
  try {
    text = exception_str(exc);
  } catch (const PyException&) {
    text = "<exception str() failed>";
  }
  return text.empty() ? type : type + ": " + text;
}

}  // namespace corosim
