#include "sim/check/golden.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "sim/program.h"
#include "sim/trace/json_trace_writer.h"
#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;

constexpr const char* kProgram =
    "import asyncio\n"
    "async def main():\n"
    "    print('start')\n"
    "    await asyncio.sleep(2)\n"
    "asyncio.run(main())\n";

// Runs the program at `path` into `sink`.
void run_into(const std::string& path, TraceSink& sink) {
  LoadedProgram program = load_program(path);
  REQUIRE(program.ok());
  RunOptions options;
  options.trace = &sink;
  run_program(program, options);
}

// What `corosim run PATH --trace OUT` writes with `program` as the field.
std::string run_trace(const TempDir& dir, const std::string& path, const std::string& program) {
  std::string out = dir.file("reference.json");
  JsonTraceWriter writer(out, program);
  run_into(path, writer);
  std::string text = read_file(out);
  fs::remove(out);
  return text;
}

TEST_CASE("the golden of DIR/NAME.py is DIR/NAME.trace.json and records the file name") {
  CHECK(golden_path_for("scenarios/basics/x.py") == "scenarios/basics/x.trace.json");
  CHECK(golden_path_for("x.py") == "x.trace.json");
  CHECK(golden_path_for("a.py/prog") == "a.py/prog.trace.json");
  CHECK(golden_path_for("/abs/dir.v2/y.py") == "/abs/dir.v2/y.trace.json");
  CHECK(golden_program_field("scenarios/basics/x.py") == "x.py");
  CHECK(golden_program_field("x.py") == "x.py");
}

TEST_CASE("read_golden says a missing golden is missing") {
  TempDir dir;
  GoldenRead golden = read_golden(dir.file("p.trace.json"), dir.file("p.py"));
  CHECK(golden.missing);
  CHECK(golden.error == "no golden " + dir.file("p.trace.json"));
}

TEST_CASE("read_golden passes on the reader's error for a malformed golden") {
  TempDir dir;
  std::string path = dir.write("p.trace.json", "{\n  \"format\": \"corosim-trace\",\n  \"version\": 1,\n  x\n");
  GoldenRead golden = read_golden(path, dir.file("p.py"));
  CHECK_FALSE(golden.missing);
  CHECK(golden.error.starts_with(path + ":4:"));
  CHECK(golden.error.find('\n') == std::string::npos);
}

TEST_CASE("read_golden refuses a golden recorded from a different program, by file name") {
  TempDir dir;
  std::string program = dir.write("p.py", kProgram);
  std::string golden_path = dir.write("p.trace.json", run_trace(dir, program, "other.py"));
  GoldenRead golden = read_golden(golden_path, program);
  CHECK_FALSE(golden.ok());
  CHECK_FALSE(golden.missing);
  CHECK(golden.error == golden_path + ": recorded from a different program (other.py), not p.py");

  // The path `corosim run DIR/p.py --trace` records is the same file.
  dir.write("p.trace.json", run_trace(dir, program, "some/dir/p.py"));
  golden = read_golden(golden_path, program);
  CHECK(golden.ok());
  CHECK(golden.trace.program == "some/dir/p.py");
  CHECK(golden.trace.tasks.front().coro == "main");
}

TEST_CASE("GoldenWriter writes what corosim run --trace writes, with the file name as program") {
  TempDir dir;
  std::string program = dir.write("p.py", kProgram);
  std::string golden_path = dir.file("p.trace.json");
  GoldenWriter writer(golden_path, program);
  REQUIRE(writer.ok());
  run_into(program, writer.sink());
  CHECK(writer.finish() == GoldenWriter::Result::kUpdated);
  CHECK(read_file(golden_path) == run_trace(dir, program, "p.py"));
  CHECK(dir.entries() == 2);  // p.py and its golden: no staging file left
}

TEST_CASE("GoldenWriter leaves an identical golden untouched and replaces a different one") {
  TempDir dir;
  std::string program = dir.write("p.py", kProgram);
  std::string golden_path = dir.file("p.trace.json");
  auto record = [&] {
    GoldenWriter writer(golden_path, program);
    REQUIRE(writer.ok());
    run_into(program, writer.sink());
    return writer.finish();
  };
  REQUIRE(record() == GoldenWriter::Result::kUpdated);
  std::string first = read_file(golden_path);
  fs::file_time_type old_time = fs::last_write_time(golden_path) - std::chrono::hours(24);
  fs::last_write_time(golden_path, old_time);

  CHECK(record() == GoldenWriter::Result::kUnchanged);
  CHECK(fs::last_write_time(golden_path) == old_time);
  CHECK(read_file(golden_path) == first);
  CHECK(dir.entries() == 2);

  dir.write("p.py", std::string(kProgram).replace(std::string(kProgram).find("sleep(2)"), 8, "sleep(3)"));
  CHECK(record() == GoldenWriter::Result::kUpdated);
  CHECK(fs::last_write_time(golden_path) != old_time);
  CHECK(read_file(golden_path) != first);
  CHECK(read_file(golden_path).find("\"end_time\": 3.0") != std::string::npos);
  CHECK(dir.entries() == 2);
}

TEST_CASE("GoldenWriter names the golden when it cannot be written") {
  TempDir dir;
  std::string golden_path = dir.file("missing/p.trace.json");
  GoldenWriter writer(golden_path, "p.py");
  CHECK_FALSE(writer.ok());
  CHECK(writer.error().starts_with("cannot write '" + golden_path + "': "));
  CHECK(writer.finish() == GoldenWriter::Result::kFailed);
}

TEST_CASE("GoldenWriter keeps the old golden when the run never ended") {
  TempDir dir;
  std::string golden_path = dir.write("p.trace.json", "old");
  {
    GoldenWriter writer(golden_path, "p.py");
    REQUIRE(writer.ok());
    writer.sink().on_create(0, TaskInfo{1, "Task-1", "main", 0, false});
    CHECK(writer.finish() == GoldenWriter::Result::kFailed);
    CHECK(writer.error().find(golden_path) != std::string::npos);
  }
  CHECK(read_file(golden_path) == "old");
  CHECK(dir.entries() == 1);
}

}  // namespace
}  // namespace corosim
