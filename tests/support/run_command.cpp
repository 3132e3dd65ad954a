// SPDX-License-Identifier: Apache-2.0
#include "tests/support/run_command.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <vector>

namespace servesim::test {
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

std::string scratch_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "servesim-tests" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string process_scratch_dir(const std::string& name) {
  struct Folders {
    std::vector<fs::path> paths;
    ~Folders() {
      for (const fs::path& p : paths) {
        std::error_code ignored;
        fs::remove_all(p, ignored);
      }
    }
  };
  static Folders folders;
  const fs::path dir =
      fs::temp_directory_path() / "servesim-tests" / (name + "-" + std::to_string(::getpid()));
  if (std::find(folders.paths.begin(), folders.paths.end(), dir) == folders.paths.end()) {
    fs::create_directories(dir);
    folders.paths.push_back(dir);
  }
  return dir.string();
}

CommandOutput run_servesim(const std::string& arguments) { return run_servesim_in("", arguments); }

CommandOutput run_servesim_in(const std::string& directory, const std::string& arguments) {
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / "servesim-tests";
  fs::create_directories(dir);
  const std::string stem =
      (dir / ("cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))).string();
  const std::string command = (directory.empty() ? "" : "cd '" + directory + "' && ") +
                              std::string(SERVESIM_BINARY) + " " + arguments + " >" + stem +
                              ".out 2>" + stem + ".err </dev/null";
  const int status = std::system(command.c_str());
  CommandOutput result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(stem + ".out");
  result.err = slurp(stem + ".err");
  fs::remove(stem + ".out");
  fs::remove(stem + ".err");
  return result;
}

}  // namespace servesim::test
