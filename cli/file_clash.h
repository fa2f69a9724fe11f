// Refuses a command line that names one file twice where corosim writes it
// (`--trace x.json --html x.json`, or an output over the program or the trace
// being read): the later write would silently replace the earlier one.
#pragma once

#include <string>
#include <vector>

namespace corosim {

/// One file a command reads or writes.
struct FileUse {
  std::string role;  ///< how messages name it: "--html", "the program being run"
  std::string path;  ///< as the user spelled it
  bool written;      ///< an output (else read)
};

/// True when `a` and `b` name one file: the same path once made absolute,
/// normalized and with its existing part's symbolic links resolved, or two
/// names (hard links) of one existing file.
bool same_file(const std::string& a, const std::string& b);

/// The first clash among `uses` (in their order) where at least one of the two
/// is written, as a message without the "corosim: " prefix; "" when there is
/// none. Two reads of one file are fine.
std::string file_clash(const std::vector<FileUse>& uses);

}  // namespace corosim
