// AtomicFile: a file that appears at its path complete or not at all.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace corosim {

/// Writes go to a temporary file in the target's directory (a unique hidden
/// name, so the final rename stays on one file system and is atomic);
/// commit() renames it into place. Until then the target is untouched, and a
/// file that is destroyed uncommitted removes its temporary, so an interrupted
/// or failed run never leaves half a file behind.
/// Errors are values: the first one is kept in error(), naming the target
/// path, and every later call does nothing.
class AtomicFile {
 public:
  struct Options {
    bool sync = false;  ///< fsync the data before the rename (survives a power cut)
  };

  /// Creates the temporary next to `path`; check ok() afterwards. A `path`
  /// that is a directory or another non-regular file (a FIFO, a device) is
  /// refused here, not at commit(), so a caller can refuse to start.
  explicit AtomicFile(std::string path) : AtomicFile(std::move(path), Options{}) {}
  AtomicFile(std::string path, Options options);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary unless commit() succeeded.
  ~AtomicFile();

  bool ok() const { return error_.empty(); }
  /// "cannot write 'PATH': REASON", empty while ok().
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  /// The temporary's path (empty once committed or when creation failed).
  const std::string& temp_path() const { return temp_path_; }

  /// Appends bytes (buffered).
  void write(std::string_view bytes);
  /// Flushes, optionally syncs, closes and renames the temporary to path().
  /// Returns ok(); on failure the temporary is removed and the target untouched.
  bool commit();
  bool committed() const { return committed_; }

 private:
  void fail(const std::string& reason);
  void close_and_remove();

  std::string path_;
  std::string temp_path_;
  Options options_;
  std::FILE* file_ = nullptr;
  std::string error_;
  bool committed_ = false;
};

/// A unique name for a temporary file next to `path`:
/// "DIR/.BASENAME.tmp-PID-N" (hidden, and recognisably ours if ever left).
std::string temporary_path_for(const std::string& path);

/// "cannot write 'PATH': REASON" for errno `err`, with a hint when the
/// directory is missing.
std::string write_error_message(const std::string& path, int err);

}  // namespace corosim
