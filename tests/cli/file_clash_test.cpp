#include "cli/file_clash.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "tests/support/temp_dir.h"

namespace corosim {
namespace {

using testing::TempDir;

TEST_CASE("same_file sees one file behind different spellings, symbolic and hard links") {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "sub");
  std::string out = dir.file("out.json");
  CHECK(same_file(out, dir.file("./out.json")));
  CHECK(same_file(out, dir.file("sub/../out.json")));
  CHECK(same_file(out, dir.file("sub//..//out.json")));
  CHECK_FALSE(same_file(out, dir.file("sub/out.json")));
  CHECK_FALSE(same_file(out, dir.file("out.json.gz")));

  std::string real = dir.write("real.json", "{}");
  std::filesystem::create_symlink(real, dir.file("link.json"));
  CHECK(same_file(real, dir.file("link.json")));
  std::filesystem::create_directory_symlink(dir.path() / "sub", dir.path() / "alias");
  CHECK(same_file(dir.file("sub/new.json"), dir.file("alias/new.json")));  // neither exists yet
  std::filesystem::create_hard_link(real, dir.file("hard.json"));
  CHECK(same_file(real, dir.file("hard.json")));
}

TEST_CASE("same_file compares a relative path with an absolute one from the working directory") {
  std::filesystem::path cwd = std::filesystem::current_path();
  CHECK(same_file("corosim-no-such-file.json", (cwd / "corosim-no-such-file.json").string()));
  CHECK(same_file("./a/../corosim-no-such-file.json", "corosim-no-such-file.json"));
}

TEST_CASE("file_clash names the first two outputs that share a file, or an output over an input") {
  TempDir dir;
  std::string a = dir.file("a.json"), b = dir.file("b.json"), a2 = dir.file("./a.json");
  CHECK(file_clash({{"--trace", a, true}, {"--html", b, true}, {"the program being run", dir.file("p.py"), false}})
        == "");
  CHECK(file_clash({{"--trace", a, true}, {"--html", b, true}, {"--chrome-trace", a2, true}}) ==
        "--trace '" + a + "' and --chrome-trace '" + a2 + "' name the same file: give each output its own path");
  CHECK(file_clash({{"--html", a, true}, {"the trace being read", a2, false}}) ==
        "--html '" + a + "' is the trace being read ('" + a2 +
            "'): writing it would replace it; give the output another path");
  CHECK(file_clash({{"the trace being read", a, false}, {"--html", a, true}}) ==
        "--html '" + a + "' is the trace being read ('" + a +
            "'): writing it would replace it; give the output another path");
  // Reading one file twice harms nothing.
  CHECK(file_clash({{"the program being run", a, false}, {"the trace being read", a, false}}) == "");
}

}  // namespace
}  // namespace corosim
