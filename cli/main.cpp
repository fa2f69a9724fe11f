// The corosim executable: hands the command line to corosim_main (cli/commands.h).
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // stdout is ours alone: buffer it fully; run_program flushes it before
  // anything goes to stderr, so the two still interleave in order.
  std::ios::sync_with_stdio(false);
  try {
    int status = corosim::corosim_main(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr,
                                       corosim::detect_console());
    std::cout.flush();
    return status;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "corosim: internal error (a bug in corosim, please report it): " << e.what() << "\n";
    return 70;  // EX_SOFTWARE: not one of the documented outcomes
  }
}
