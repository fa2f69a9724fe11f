#include "sim/view/columnar.h"

#include <doctest/doctest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "tests/support/trace_builder.h"

namespace corosim {
namespace {

using Json = nlohmann::ordered_json;
using testing::TraceBuilder;

TEST_CASE("a trace with every kind of event becomes the columnar form of the contract, byte for byte") {
  TraceBuilder b("scenarios/x.py");
  TaskId main = b.create(0, "main");
  b.resume(0, main);
  b.print(0, main, "a<b & c>\n");
  TaskId w = b.create(0, "w", main, "worker");
  TaskId v = b.create(0, "w", main);
  b.gather(0, main, {w, v});
  b.resume(0, w);
  b.sleep(0, w, 1.5);
  b.resume(0, v);
  b.sleep(0, v, std::numeric_limits<double>::infinity());
  b.cancel(0.5, v, main);
  b.resume(1.5, w);
  b.fail(1.5, w, "ValueError", "bad");
  b.resume(1.5, v);
  b.cancelled(1.5, v);
  b.resume(1.5, main);
  b.await_task(1.5, main, w);
  b.resume(2, main);
  b.yield(2, main);
  b.resume(2, main);
  b.await_future(2, main);
  b.resume(2.25, main);
  b.done(2.25, main, "'done'");
  b.print(3, 0, "bye\n");
  Trace trace = b.finish(3.0, Outcome{Outcome::Status::kError, "ValueError", "bad", 2, {}, ""});
  trace.events[10].has_msg = true;  // the cancel, with a msg
  trace.events[10].text = "stop";
  trace.events[7].waits_on.line = 4;  // w's sleep, at a known line
  WaitsOn& lock = trace.events[20].waits_on;  // main's future: a lock's
  lock.primitive = "lock";
  lock.object = 1;
  lock.line = 7;

  CHECK(columnar_json(trace) ==
        R"({"format":"corosim-columnar","version":2,"program":"scenarios/x.py","end_time":3.0,)"
        R"("outcome":{"status": "error", "error": {"type": "ValueError", "message": "bad", "task": 2}},)"
        R"("strings":["","Task-1","main","worker","w","Task-3","a\u003cb \u0026 c\u003e\n","stop","ValueError","bad","lock","'done'","bye\n"],)"
        R"("tasks":{"id":[1,2,3],"name":[1,3,5],"coro":[2,4,4],"parent":[0,1,1],)"
        R"("created":[0.0,0.0,0.0],"finished":[2.25,1.5,1.5],"state":[0,1,2],"internal":[0,0,0]},)"
        R"("events":{"t":[0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.5,1.5,1.5,1.5,1.5,1.5,1.5,2.0,2.0,2.0,2.0,2.25,2.25,3.0],)"
        R"("kind":[0,1,5,0,0,2,1,2,1,2,4,1,3,1,3,1,2,1,2,1,2,1,3,5],)"
        R"("task":[1,1,1,2,3,1,2,2,3,3,3,2,2,3,3,1,1,1,1,1,1,1,1,0],)"
        R"("a":[0,0,0,1,1,2,0,0,0,0,1,0,1,0,2,0,1,0,3,0,4,0,0,0],)"
        R"("b":[0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,2,0,0,0,0,0,0,0],)"
        R"("x":[0,0,0,0,0,0,0,1.5,0,null,0,0,0,0,0,0,0,0,0,0,0,0,0,0],)"
        R"("s":[0,0,6,0,0,0,0,0,0,0,7,0,8,0,0,0,0,0,0,0,10,0,11,12],)"
        R"("s2":[0,0,0,0,0,0,0,0,0,0,0,0,9,0,0,0,0,0,0,0,0,0,0,0],)"
        R"("o":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0],)"
        R"("l":[0,0,0,0,0,0,0,4,0,0,0,0,0,0,0,0,0,0,0,0,7,0,0,0]},)"
        R"("lists":[[2,3]]})");
}

TEST_CASE("the columnar text parses as JSON, holds no raw <, > or &, and keeps the strings' values") {
  TraceBuilder b;
  TaskId t = b.create(0, "main", 0, "</script><img src=x onerror=alert(1)>");
  b.resume(0, t);
  b.print(0, t, "caf\xc3\xa9 \xf0\x9f\x98\x80 <!-- & -->\n");
  b.done(0, t);
  std::string text = columnar_json(b.finish(0));
  CHECK(text.find_first_of("<>&") == std::string::npos);
  Json json = Json::parse(text);
  CHECK(json["strings"][1] == "</script><img src=x onerror=alert(1)>");
  CHECK(json["strings"][3] == "caf\xc3\xa9 \xf0\x9f\x98\x80 <!-- & -->\n");
  CHECK(json["tasks"]["name"][0] == 1);
  CHECK(json["end_time"] == 0.0);
}

TEST_CASE("an empty trace has empty columns and the outcome object of trace v1") {
  Trace trace;
  trace.outcome.status = Outcome::Status::kDeadlock;
  CHECK(columnar_json(trace) ==
        R"({"format":"corosim-columnar","version":2,"program":"","end_time":0.0,)"
        R"("outcome":{"status": "deadlock", "waiting": []},"strings":[""],)"
        R"("tasks":{"id":[],"name":[],"coro":[],"parent":[],"created":[],"finished":[],"state":[],"internal":[]},)"
        R"("events":{"t":[],"kind":[],"task":[],"a":[],"b":[],"x":[],"s":[],"s2":[],"o":[],"l":[]},"lists":[]})");
}

TEST_CASE("a pending task's finished time is null and internal tasks are flagged") {
  TraceBuilder b;
  b.create(0, "main");
  b.create_internal(1e-05, "BaseEventLoop.shutdown_asyncgens");
  Json json = Json::parse(columnar_json(b.finish(1e16)));
  CHECK(json["tasks"]["finished"][0].is_null());
  CHECK(json["tasks"]["state"][0] == 3);
  CHECK(json["tasks"]["internal"] == Json::parse("[0,1]"));
  CHECK(columnar_json(b.finish(1e16)).find(R"("created":[0.0,1e-05])") != std::string::npos);
  CHECK(columnar_json(b.finish(1e16)).find(R"("end_time":1e+16,)") != std::string::npos);
}

}  // namespace
}  // namespace corosim
