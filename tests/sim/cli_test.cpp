// SPDX-License-Identifier: Apache-2.0
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

using servesim::test::run_servesim;
using servesim::test::scratch_dir;

namespace {
int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

TEST_CASE("servesim --help and --version", "[unit]") {
  const auto help = run_servesim("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("simulate") && Catch::Contains("bench"));
  const auto version = run_servesim("--version");
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("servesim 0."));
  const auto sub_help = run_servesim("simulate --help");
  CHECK(sub_help.exit_code == 0);
  CHECK_THAT(sub_help.out, Catch::Contains("--rho"));
}

TEST_CASE("simulate --json prints the promised keys and stores the run", "[unit]") {
  const std::string dir = scratch_dir("cli-json");
  const auto r = run_servesim(
      "simulate --queue mm1 --rho 0.8 --customers 20000 --seed 7 --json --db " + dir + "/r.db");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"mean_wait_ms", "ci95_halfwidth_ms", "analytic_mean_wait_ms",
                          "mean_sojourn_ms", "p99_sojourn_ms", "utilization", "customers"}) {
    CHECK(j.contains(key));
  }
  CHECK(j["analytic_mean_wait_ms"].get<double>() == Approx(4.0));
  CHECK(j["customers"].get<int>() == 18000);
  CHECK(std::filesystem::exists(dir + "/r.db"));
  CHECK_THAT(r.err, Catch::Contains("stored as run 1"));
}

TEST_CASE("simulate output is byte-identical for a seed and differs across seeds", "[unit]") {
  const std::string dir = scratch_dir("cli-determinism");
  const std::string common =
      " --queue mmc --servers 3 --rho 0.7 --customers 30000 --json --db " + dir + "/d.db";
  const auto a = run_servesim("simulate --seed 3" + common);
  const auto b = run_servesim("simulate --seed 3" + common);
  const auto c = run_servesim("simulate --seed 4" + common);
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out != c.out);
}

TEST_CASE("bad input gives one clear line, a non-zero exit and no results", "[unit]") {
  const std::string dir = scratch_dir("cli-bad");
  const std::string db = " --db " + dir + "/bad.db";
  const auto unknown = run_servesim("simulate --frobnicate 3" + db);
  CHECK(unknown.exit_code == 2);
  CHECK(line_count(unknown.err) == 1);
  CHECK_THAT(unknown.err, Catch::Contains("frobnicate"));

  const auto rho = run_servesim("simulate --rho 1.5" + db);
  CHECK(rho.exit_code == 2);
  CHECK(line_count(rho.err) == 1);
  CHECK_THAT(rho.err, Catch::Contains("--rho must be in (0, 1)"));

  const auto not_number = run_servesim("simulate --rho fast" + db);
  CHECK(not_number.exit_code == 2);
  CHECK_THAT(not_number.err, Catch::Contains("rho"));
  CHECK_FALSE(std::filesystem::exists(dir + "/bad.db"));

  const auto unwritable = run_servesim("simulate --customers 1000 --db /nonexistent-dir/r.db");
  CHECK(unwritable.exit_code == 1);
  CHECK(line_count(unwritable.err) == 1);
  CHECK_THAT(unwritable.err, Catch::Contains("/nonexistent-dir/r.db"));
  CHECK(unwritable.out.empty());

  const auto command = run_servesim("simulat");
  CHECK(command.exit_code == 2);
  CHECK_THAT(command.err, Catch::Contains("unknown command 'simulat'"));
}

TEST_CASE("bench --json prints its figures", "[unit]") {
  const auto r = run_servesim(
      "bench --json --mm1-customers 20000 --hold-events 20000 --serving-s 0.5 "
      "--topologies " +
      std::string(SERVESIM_SOURCE_DIR) + "/topologies");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"hold_1k_events_per_s", "hold_1m_events_per_s", "mm1_customers_per_s", "mm1_peak_rss_mb"}) {
    CHECK(j[key].get<double>() > 0);
  }
}

TEST_CASE("every command exits 2 on a usage error and 1 on a failed run, naming itself", "[unit]") {
  const std::string dir = scratch_dir("exit-codes");
  const std::string root = SERVESIM_SOURCE_DIR;
  const std::string no_db = " --db /nonexistent-servesim-dir/r.db";
  {
    std::ofstream csv(dir + "/perf.csv");
    csv << "Concurrency,Inferences/Second,Client Send,Client Recv,p99 latency\n8,1200,300,50,"
           "12000\n";
  }
  for (const char* command : {"simulate", "run", "export", "import", "validate", "testbed",
                              "calibrate", "demo", "bench"}) {
    INFO(command);
    const auto r = run_servesim(std::string(command) + " --no-such-option");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith(std::string("servesim ") + command + ": "));
  }
  const std::string cpu_only = " --topology " + root + "/topologies/cpu_only.dot --rate 10";
  const std::pair<std::string, int> cases[] = {
      {"simulate" + cpu_only + " --duration-s 1" + no_db, 1},
      {"simulate --topology " + dir + "/missing.dot --rate 10", 2},
      {"run " + root + "/experiments/breakdown.ini" + no_db, 1},
      {"run " + dir + "/missing.ini", 2},
      {"export" + no_db, 1},
      {"import --format perf-csv " + dir + "/perf.csv" + no_db, 1},
      {"import --format perf-csv " + dir + "/missing.csv", 2},
      {"validate --measured 1" + no_db, 1},
      {"testbed" + cpu_only + no_db, 1},
  };
  for (const auto& [arguments, code] : cases) {
    INFO(arguments);
    const auto r =
        servesim::test::run_servesim_in(root, arguments);  // the ini names topologies/...
    CHECK(r.exit_code == code);
    const std::string command = arguments.substr(0, arguments.find(' '));
    CHECK_THAT(r.err, Catch::StartsWith("servesim " + command + ": "));
  }
}

TEST_CASE("--help prints defaults as a person writes them and says what the images are", "[unit]") {
  const auto help = run_servesim("simulate --help");
  CHECK_THAT(help.out, Catch::Contains("--rho arg (=0.8)"));
  CHECK_THAT(help.out, !Catch::Contains("0.80000000000000004"));
  CHECK_THAT(help.out, Catch::Contains("small (500x375 px, 110 kB JPEG)"));
  CHECK_THAT(help.out, Catch::Contains("large (4032x3024 px"));
  const auto testbed = run_servesim("testbed --help");
  CHECK_THAT(testbed.out, Catch::Contains("medium (1920x1080 px"));
}
