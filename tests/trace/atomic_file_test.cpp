#include "sim/trace/atomic_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;

TEST_CASE("an atomic file appears at its path only when committed") {
  TempDir dir;
  std::string target = dir.file("out.json");
  {
    AtomicFile file(target);
    REQUIRE(file.ok());
    file.write("hello ");
    file.write("world\n");
    CHECK_FALSE(fs::exists(target));
    CHECK(fs::exists(file.temp_path()));
    CHECK(file.commit());
    CHECK(file.committed());
    CHECK(file.temp_path().empty());
  }
  CHECK(read_file(target) == "hello world\n");
  CHECK(dir.entries() == 1);
}

TEST_CASE("an uncommitted atomic file removes its temporary and leaves the old file alone") {
  TempDir dir;
  std::string target = dir.file("out.json");
  std::ofstream(target) << "old contents";
  {
    AtomicFile file(target);
    REQUIRE(file.ok());
    file.write("half a file");
  }
  CHECK(read_file(target) == "old contents");
  CHECK(dir.entries() == 1);
}

TEST_CASE("committing replaces an existing file") {
  TempDir dir;
  std::string target = dir.file("out.json");
  std::ofstream(target) << "old contents";
  AtomicFile file(target, AtomicFile::Options{.sync = true});
  file.write("new");
  CHECK(file.commit());
  CHECK(read_file(target) == "new");
}

TEST_CASE("the temporary is a hidden file in the target's directory") {
  TempDir dir;
  std::string target = dir.file("trace.json");
  AtomicFile a(target);
  AtomicFile b(target);
  CHECK(fs::path(a.temp_path()).parent_path() == dir.path());
  CHECK(fs::path(a.temp_path()).filename().string().rfind(".trace.json.tmp-", 0) == 0);
  CHECK(a.temp_path() != b.temp_path());
}

TEST_CASE("a missing directory is an error value naming the path") {
  TempDir dir;
  std::string target = dir.file("missing/out.json");
  AtomicFile file(target);
  CHECK_FALSE(file.ok());
  CHECK(file.error() == "cannot write '" + target + "': No such file or directory (does the directory '" +
                            dir.file("missing/") + "' exist?)");
  file.write("ignored");
  CHECK_FALSE(file.commit());
}

TEST_CASE("a target that is a directory is refused up front and leaves no temporary") {
  TempDir dir;
  fs::create_directory(dir.file("sub"));
  AtomicFile file(dir.file("sub"));
  CHECK(file.error() == "cannot write '" + dir.file("sub") + "': Is a directory");
  file.write("x");
  CHECK_FALSE(file.commit());
  CHECK(dir.entries() == 1);
  CHECK(fs::is_empty(dir.file("sub")));
}

TEST_CASE("a target that becomes a directory before commit fails at commit and leaves no temporary") {
  TempDir dir;
  AtomicFile file(dir.file("sub"));
  REQUIRE(file.ok());
  fs::create_directory(dir.file("sub"));
  file.write("x");
  CHECK_FALSE(file.commit());
  CHECK(file.error() == "cannot write '" + dir.file("sub") + "': Is a directory");
  CHECK(dir.entries() == 1);
}

TEST_CASE("a target that is not a regular file is refused, since renaming would replace it") {
  TempDir dir;
  std::string fifo = dir.file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  AtomicFile file(fifo);
  CHECK(file.error() == "cannot write '" + fifo +
                            "': not a regular file (the file is written next to it and renamed into place)");
  CHECK(dir.entries() == 1);
}

TEST_CASE("a symbolic link to a directory is refused, a dangling one is replaced") {
  TempDir dir;
  fs::create_directory(dir.file("sub"));
  fs::create_directory_symlink(dir.file("sub"), dir.file("link"));
  CHECK(AtomicFile(dir.file("link")).error() == "cannot write '" + dir.file("link") + "': Is a directory");
  fs::create_symlink(dir.file("nowhere"), dir.file("dangling"));
  AtomicFile file(dir.file("dangling"));
  file.write("x");
  CHECK(file.commit());
  CHECK(read_file(dir.file("dangling")) == "x");
}

TEST_CASE("an unwritable directory is an error value naming the path") {
  if (::geteuid() == 0) return;  // root writes anywhere
  TempDir dir;
  fs::create_directory(dir.file("ro"));
  fs::permissions(dir.file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  AtomicFile file(dir.file("ro/out.json"));
  CHECK(file.error() == "cannot write '" + dir.file("ro/out.json") + "': Permission denied");
  fs::permissions(dir.file("ro"), fs::perms::owner_all);
}

TEST_CASE("a path without a file name is refused") {
  AtomicFile file("some/dir/");
  CHECK(file.error() == "cannot write 'some/dir/': not a file name");
}

}  // namespace
}  // namespace corosim
