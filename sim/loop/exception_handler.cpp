#include "sim/loop/exception_handler.h"

#include <algorithm>

#include "sim/runtime/exception.h"
#include "sim/runtime/repr.h"
#include "sim/runtime/run_context.h"
#include "sim/vm/traceback.h"

namespace corosim {
namespace {

std::string log_text(const ExceptionHandlerContext& context) {
  std::string text = context.message.empty() ? "Unhandled exception in event loop" : context.message;
  auto details = context.details;
  std::sort(details.begin(), details.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& [key, value] : details) text += "\n" + key + ": " + repr(value);
  text += "\n";
  // logging.Formatter.format: the exception's report follows the message.
  if (!context.exception.is_null() && !context.exception.is_none())
    text += format_exception(context.exception, run_context().source_line);
  return text;
}

void write_err(const std::string& text) {
  RunContext& ctx = run_context();
  if (!ctx.err) return;
  if (ctx.out) ctx.out->flush();  // what the program printed before comes first
  *ctx.err << text << std::flush;
}

}  // namespace

// Mirrors BaseEventLoop.default_exception_handler, and call_exception_handler's
// fallback when formatting itself raises (a user __repr__ failing).
void default_exception_handler(const ExceptionHandlerContext& context) {
  std::string text;
  try {
    text = log_text(context);
  } catch (const PyException& e) {
    text = "Exception in default exception handler\n" + format_exception(e.exc, run_context().source_line);
  }
  write_err(text);
}

}  // namespace corosim
