// How long read_trace takes on the given trace files (issue 4: `corosim diff`
// of two 1,000,000-event traces in under 2 s leaves a read well under 1 s):
// the best of --runs reads of each file, and the process's peak memory.
//
//   cmake --build build --target read_bench
//   build/read_bench big.json [--runs 3]     (python3 bench/diff_bench.py makes such traces)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/trace/trace_reader.h"

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    else paths.push_back(arg);
  }
  if (paths.empty() || runs < 1) {
    std::fprintf(stderr, "usage: read_bench TRACE.json... [--runs N]\n");
    return 2;
  }
  for (const std::string& path : paths) {
    double best = 0;
    size_t events = 0;
    for (int run = 0; run < runs; ++run) {
      auto start = std::chrono::steady_clock::now();
      corosim::TraceReadResult read = corosim::read_trace(path);
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!read.ok()) {
        std::fprintf(stderr, "%s\n", read.error.c_str());
        return 1;
      }
      events = read.trace.events.size();
      if (run == 0 || seconds < best) best = seconds;
    }
    std::printf("%s: %zu events, read in %.3f s (best of %d)\n", path.c_str(), events, best, runs);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak memory: %ld MB\n", usage.ru_maxrss / 1024);
  return 0;
}
