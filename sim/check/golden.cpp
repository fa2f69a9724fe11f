#include "sim/check/golden.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "sim/trace/atomic_file.h"
#include "sim/trace/json_input.h"
#include "sim/trace/json_trace_writer.h"
#include "sim/trace/trace_reader.h"

namespace corosim {
namespace {

constexpr std::string_view kProgramSuffix = ".py";
constexpr std::string_view kGoldenSuffix = ".trace.json";

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

std::string golden_path_for(const std::string& program) {
  std::string_view stem = program;
  if (stem.ends_with(kProgramSuffix)) stem.remove_suffix(kProgramSuffix.size());
  return std::string(stem) + std::string(kGoldenSuffix);
}

std::string golden_program_field(const std::string& program) { return file_name(program); }

GoldenRead read_golden(const std::string& golden_path, const std::string& program) {
  GoldenRead golden;
  struct stat st;
  if (::stat(golden_path.c_str(), &st) != 0 && errno == ENOENT) {
    golden.missing = true;
    golden.error = "no golden " + golden_path;
    return golden;
  }
  TraceReadResult read = read_trace(golden_path);
  if (!read.ok()) {
    golden.error = std::move(read.error);
    return golden;
  }
  // The field holds the file name, but a golden recorded by `corosim run
  // DIR/NAME.py --trace` holds the path: compare file names only.
  std::string recorded = file_name(read.trace.program);
  std::string expected = golden_program_field(program);
  if (recorded != expected) {
    golden.error = golden_path + ": recorded from a different program (" + read.trace.program + "), not " +
                   expected;
    golden.other_program = true;
    return golden;
  }
  golden.trace = std::move(read.trace);
  return golden;
}

GoldenWriter::GoldenWriter(std::string golden_path, const std::string& program)
    : golden_path_(std::move(golden_path)), staged_path_(temporary_path_for(golden_path_)) {
  // Messages name the golden, not the hidden staging file: try the golden's
  // own path first (AtomicFile refuses a directory, a missing directory, a
  // read-only one), then stage next to it.
  if (AtomicFile probe(golden_path_); !probe.ok()) {
    error_ = probe.error();
    return;
  }
  writer_ = std::make_unique<JsonTraceWriter>(staged_path_, golden_program_field(program));
  if (!writer_->ok()) error_ = writer_->error();
}

GoldenWriter::~GoldenWriter() {
  if (writer_ && writer_->committed()) ::unlink(staged_path_.c_str());
}

TraceSink& GoldenWriter::sink() { return *writer_; }

GoldenWriter::Result GoldenWriter::finish() {
  if (!ok()) return Result::kFailed;
  if (!writer_->ok() || !writer_->committed()) {
    error_ = writer_->ok() ? "cannot write '" + golden_path_ + "': the run did not end" : writer_->error();
    return Result::kFailed;
  }
  std::string read_error;
  std::optional<std::string> staged = read_text_file(staged_path_, read_error);
  if (!staged) {
    error_ = read_error;
    return Result::kFailed;
  }
  // A golden that cannot be read is replaced, as a missing one is written.
  if (read_text_file(golden_path_, read_error) == staged) return Result::kUnchanged;  // the destructor drops the copy
  if (std::rename(staged_path_.c_str(), golden_path_.c_str()) != 0) {
    error_ = write_error_message(golden_path_, errno);
    return Result::kFailed;
  }
  writer_.reset();
  return Result::kUpdated;
}

}  // namespace corosim
