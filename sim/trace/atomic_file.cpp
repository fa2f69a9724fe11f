#include "sim/trace/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace corosim {
namespace {

// Attempts at finding an unused temporary name before giving up; names
// include the pid and a counter, so a clash means a leftover of a crashed run.
constexpr int kMaxNameAttempts = 100;

std::atomic<unsigned> g_temp_counter{0};

std::string directory_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  return path.substr(0, slash + 1);  // keeps the '/' ("/" for "/x")
}

// Why the rename at commit() would fail or do harm because of what is at
// `path` now, or "" when nothing or a regular file is there. Checked up front
// so that a run whose trace cannot be written does not run at all.
std::string unusable_target_reason(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return "";  // nothing there yet (or a dangling link: replaced)
  if (S_ISDIR(st.st_mode)) return std::strerror(EISDIR);
  if (!S_ISREG(st.st_mode)) {
    return "not a regular file (the file is written next to it and renamed into place)";
  }
  return "";
}

}  // namespace

std::string temporary_path_for(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string dir = directory_of(path);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return dir + "." + base + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(g_temp_counter.fetch_add(1));
}

std::string write_error_message(const std::string& path, int err) {
  std::string message = "cannot write '" + path + "': " + std::strerror(err);
  std::string dir = directory_of(path);
  if (err == ENOENT && !dir.empty()) {
    message += " (does the directory '" + dir + "' exist?)";
  }
  return message;
}

AtomicFile::AtomicFile(std::string path, Options options)
    : path_(std::move(path)), options_(options) {
  if (path_.empty() || path_.back() == '/') {
    error_ = "cannot write '" + path_ + "': not a file name";
    return;
  }
  if (std::string reason = unusable_target_reason(path_); !reason.empty()) {
    error_ = "cannot write '" + path_ + "': " + reason;
    return;
  }
  for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
    std::string candidate = temporary_path_for(path_);
    // 0666 and the umask, like any file the user creates (mkstemp would force 0600).
    int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      int err = errno;
      if (err == EEXIST) continue;
      error_ = write_error_message(path_, err);
      return;
    }
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
      int err = errno;
      ::close(fd);
      ::unlink(candidate.c_str());
      error_ = write_error_message(path_, err);
      return;
    }
    temp_path_ = std::move(candidate);
    return;
  }
  error_ = "cannot write '" + path_ + "': no unused temporary name next to it";
}

AtomicFile::~AtomicFile() {
  if (!committed_) close_and_remove();
}

void AtomicFile::write(std::string_view bytes) {
  if (!ok() || committed_ || bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    fail(std::strerror(errno));
  }
}

bool AtomicFile::commit() {
  if (!ok() || committed_) return ok();
  if (std::fflush(file_) != 0) return fail(std::strerror(errno)), false;
  if (options_.sync && ::fsync(::fileno(file_)) != 0) return fail(std::strerror(errno)), false;
  int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) return fail(std::strerror(errno)), false;
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return fail(std::strerror(errno)), false;
  }
  temp_path_.clear();
  committed_ = true;
  return true;
}

void AtomicFile::fail(const std::string& reason) {
  if (error_.empty()) error_ = "cannot write '" + path_ + "': " + reason;
  close_and_remove();
}

void AtomicFile::close_and_remove() {
  if (file_) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
}

}  // namespace corosim
