// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/child_process.hpp"

#include "tests/calib/brokers/process_check.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace servesim::calib;
using servesim::test::process_gone;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
fs::path scratch_folder() { return servesim::test::process_scratch_dir("child-process"); }

std::string log_file(const std::string& name) {
  fs::remove(scratch_folder() / name);
  return (scratch_folder() / name).string();
}
}  // namespace

TEST_CASE("a child that ignores SIGTERM is killed after the grace period", "[unit]") {
  const std::string sh = find_executable("sh");
  REQUIRE_FALSE(sh.empty());
  const std::string log = log_file("term.log");
  ChildProcess child = ChildProcess::spawn({sh, "-c", "trap '' TERM; echo started; sleep 30"}, log);
  const pid_t pid = child.pid();
  REQUIRE(pid > 0);
  CHECK(::getpgid(pid) == pid);  // its own group, so stop() reaches `sleep` too
  // Wait until the trap is set (the shell has printed), or SIGTERM would end it at once.
  for (int i = 0; i < 500 && tail_of_file(log, 1).find("started") == std::string::npos; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  CHECK(child.running());
  const auto start = std::chrono::steady_clock::now();
  child.stop(200ms);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= 200ms);
  CHECK(took < 5s);  // not the 30 s sleep
  CHECK(child.pid() == -1);
  CHECK(process_gone(pid));
}

TEST_CASE("an exiting child reports its status and is reaped", "[unit]") {
  const std::string log = log_file("exit.log");
  ChildProcess child = ChildProcess::spawn({find_executable("sh"), "-c", "echo bye; exit 3"}, log);
  const pid_t pid = child.pid();
  for (int i = 0; i < 500 && child.running(); ++i) std::this_thread::sleep_for(10ms);
  CHECK_FALSE(child.running());
  CHECK(child.status_text() == "exited with status 3");
  CHECK(tail_of_file(log, 1) == "\n  | bye");
  child.stop();
  CHECK(process_gone(pid));
}

TEST_CASE("a program that cannot be executed is reported by name", "[unit]") {
  const std::string not_a_program = log_file("plain.txt");
  { std::ofstream(not_a_program) << "not a program\n"; }
  CHECK_THROWS_WITH(ChildProcess::spawn({not_a_program}, log_file("none.log")),
                    Catch::Contains("cannot execute") && Catch::Contains("plain.txt"));
  CHECK(find_executable("/nonexistent/redis-server").empty());
  CHECK(find_executable("servesim-no-such-program").empty());
  CHECK_FALSE(find_executable("sh").empty());
}

TEST_CASE("starting a child leaves the parent's pages writable", "[unit]") {
  // fork() write-protects every page of the parent until it is written again: a testbed server
  // that starts its load generator after warming its models faulted on each page afterwards.
  constexpr std::size_t kBytes = 32 << 20;  // 8,192 pages of 4 KiB
  std::vector<char> memory(kBytes, 1);      // written once: present and writable
  const std::string log = log_file("pages.log");
  ChildProcess child = ChildProcess::spawn({find_executable("sh"), "-c", "exit 0"}, log);
  rusage before{};
  ::getrusage(RUSAGE_THREAD, &before);
  for (std::size_t i = 0; i < kBytes; i += 4096) memory[i] = 2;
  rusage after{};
  ::getrusage(RUSAGE_THREAD, &after);
  // A write-protected page faults once when written; fork gave one fault per page here.
  CHECK(after.ru_minflt - before.ru_minflt < 500);
  child.stop();
}
