// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/child_process.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace servesim;

namespace {

const std::string kCpuOnly = std::string(SERVESIM_SOURCE_DIR) + "/topologies/cpu_only.dot";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

}  // namespace

TEST_CASE("SIGINT during a live run stops the load generator and stores nothing", "[slow]") {
  // Both shipped designs: the second also has a redis-server to stop.
  const bool two_dnn = GENERATE(false, true);
  const std::string topology =
      two_dnn ? std::string(SERVESIM_SOURCE_DIR) + "/topologies/two_dnn_cpu_redis.dot" : kCpuOnly;
  const std::string dir = test::scratch_dir(two_dnn ? "testbed-sigint-2" : "testbed-sigint");
  const std::string log = dir + "/testbed.log";
  calib::ChildProcess testbed = calib::ChildProcess::spawn(
      {SERVESIM_BINARY, "testbed", "--topology", topology, "--set", "resize.out_px=64x64",
       "--concurrency", "2", "--duration-s", "60", "--seed", "1", "--db", dir + "/results.db"},
      log);
  // The testbed names its load generator once it runs.
  pid_t loadgen = -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (loadgen < 0 && std::chrono::steady_clock::now() < deadline) {
    const std::string text = slurp(log);
    const auto at = text.find("load generator pid ");
    if (at != std::string::npos) loadgen = std::stoi(text.substr(at + 19));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  INFO(slurp(log));
  REQUIRE(loadgen > 0);
  pid_t redis = -1;
  if (two_dnn) {
    const std::string text = slurp(log);
    const auto at = text.find("redis-server pid ");
    REQUIRE(at != std::string::npos);
    redis = std::stoi(text.substr(at + 17));
    REQUIRE(alive(redis));
  }
  REQUIRE(alive(loadgen));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // mid-run
  REQUIRE(::kill(testbed.pid(), SIGINT) == 0);
  const auto stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (testbed.running() && std::chrono::steady_clock::now() < stop_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE_FALSE(testbed.running());
  testbed.stop();
  CHECK(testbed.status_text() == "killed by signal " + std::to_string(SIGINT));
  // The testbed reaped its generator before re-raising: no such process is left anywhere.
  CHECK_FALSE(alive(loadgen));
  if (redis > 0) CHECK_FALSE(alive(redis));
  CHECK_FALSE(std::filesystem::exists(dir + "/results.db"));
}

TEST_CASE("a topology this machine cannot run is refused in one line, nothing started", "[unit]") {
  const std::string dir = test::scratch_dir("testbed-refuse");
  std::ofstream(dir + "/gpu.dot")
      << "digraph g { nic [kind=nic, gbits_per_s=10]; cpu [kind=cpu, cores=2];"
         " gpu [kind=gpu, device=rtx4090];"
         " recv [kind=stage, op=net_recv, on=nic]; decode [kind=stage, op=jpeg_decode, on=cpu];"
         " resize [kind=stage, op=resize, on=cpu, out_px=\"224x224\"];"
         " normalize [kind=stage, op=normalize, on=cpu];"
         " infer [kind=stage, op=infer, model=resnet50, on=gpu];"
         " send [kind=stage, op=net_send, on=nic];"
         " recv -> decode -> resize -> normalize -> infer -> send; }\n";
  const auto out = test::run_servesim("testbed --topology " + dir + "/gpu.dot --rate 5 --db " +
                                      dir + "/results.db");
  CHECK(out.exit_code == 1);
  CHECK_THAT(out.err, Catch::Contains("node 'gpu'") && Catch::Contains("no GPU"));
  CHECK(std::count(out.err.begin(), out.err.end(), '\n') == 1);
  CHECK_FALSE(std::filesystem::exists(dir + "/results.db"));

  const auto both =
      test::run_servesim("testbed --topology " + kCpuOnly + " --rate 5 --concurrency 2");
  CHECK(both.exit_code == 2);
  CHECK_THAT(both.err, Catch::Contains("exactly one of --rate"));
}
