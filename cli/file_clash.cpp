#include "cli/file_clash.h"

#include <filesystem>
#include <system_error>

namespace corosim {
namespace {

namespace fs = std::filesystem;

// The path made absolute and normalized, symbolic links resolved as far as
// the path exists; lexically only when the file system cannot tell.
fs::path resolved(const std::string& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  if (error) return fs::path(path).lexically_normal();
  fs::path canonical = fs::weakly_canonical(absolute, error);
  return error ? absolute.lexically_normal() : canonical;
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  if (fs::equivalent(a, b, error)) return true;
  return resolved(a) == resolved(b);
}

std::string file_clash(const std::vector<FileUse>& uses) {
  for (size_t j = 1; j < uses.size(); ++j) {
    for (size_t i = 0; i < j; ++i) {
      const FileUse& first = uses[i];
      const FileUse& second = uses[j];
      if (!(first.written || second.written) || !same_file(first.path, second.path)) continue;
      if (first.written && second.written) {
        return first.role + " '" + first.path + "' and " + second.role + " '" + second.path +
               "' name the same file: give each output its own path";
      }
      const FileUse& output = first.written ? first : second;
      const FileUse& input = first.written ? second : first;
      return output.role + " '" + output.path + "' is " + input.role + " ('" + input.path +
             "'): writing it would replace it; give the output another path";
    }
  }
  return "";
}

}  // namespace corosim
