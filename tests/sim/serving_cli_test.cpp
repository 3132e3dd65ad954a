// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/cost_schema.hpp"
#include "sim/store/sqlite_db.hpp"
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using servesim::test::run_servesim;
using servesim::test::scratch_dir;

namespace {
/// A cost database file holding the hand-made tiny table.
std::string tiny_cost_db(const std::string& dir) {
  const std::string path = dir + "/tiny-costs.db";
  auto db = servesim::sim::SqliteDb::open(path);
  db.exec(servesim::sim::kCostSchemaSql);
  db.exec(servesim::test::read_text(std::string(SERVESIM_SOURCE_DIR) +
                                    "/tests/sim/data/tiny_costs.sql"));
  return path;
}

std::string tiny_topology(const std::string& dir) {
  const std::string path = dir + "/tiny.dot";
  std::ofstream(path) << R"(digraph tiny {
    cpu [kind=cpu, device=testcpu, cores=8];
    gpu [kind=gpu, device=testgpu];
    pcie [kind=link, per=gpu, gbytes_per_s=25];
    decode [kind=stage, op=jpeg_decode, on=cpu];
    resize [kind=stage, op=resize, on=cpu, out_px="224x224"];
    h2d [kind=stage, op=h2d, on=pcie];
    infer [kind=stage, op=infer, model=tinynet, on=gpu, max_batch=8, max_delay_us=200];
    decode -> resize -> h2d -> infer;
  })";
  return path;
}
}  // namespace

TEST_CASE("simulate --topology --json prints the promised keys", "[unit]") {
  const std::string dir = scratch_dir("serving-cli");
  const std::string args =
      "simulate --topology " + tiny_topology(dir) + " --costs " + tiny_cost_db(dir) +
      " --rate 300 --image small --duration-s 2 --seed 4 --json --db " + dir + "/r.db";
  const auto r = run_servesim(args);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["throughput_rps"].get<double>() == Approx(300).epsilon(0.1));
  CHECK(j["bound_rps"].get<double>() > 300);
  for (const char* key : {"mean", "p50", "p90", "p99"})
    CHECK(j["latency_ms"][key].get<double>() > 0);
  for (const char* key : {"queueing", "preprocessing", "data_transfer", "inference", "network"}) {
    CHECK(j["breakdown"][key].contains("mean_ms"));
    CHECK(j["breakdown"][key].contains("share"));
  }
  CHECK(j["utilization"]["gpu"].get<double>() > 0);
  CHECK(j["utilization"]["cpu"].get<double>() > 0);
  // Same seed, same bytes.
  CHECK(run_servesim(args).out == r.out);
  // The run is stored and exports as CSV.
  const auto csv = run_servesim("export --db " + dir + "/r.db --table breakdown");
  CHECK(csv.exit_code == 0);
  CHECK_THAT(csv.out,
             Catch::StartsWith("run_id,category,mean_ms,share") && Catch::Contains("inference"));
}

TEST_CASE("bad serving input names the file, node or option and writes nothing", "[unit]") {
  const std::string dir = scratch_dir("serving-cli-bad");
  const std::string topology = tiny_topology(dir);
  const std::string costs = " --costs " + tiny_cost_db(dir);
  const std::string db = " --db " + dir + "/bad.db";
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {"--topology " + dir + "/missing.dot --rate 10", "missing.dot: cannot read"},
      {"--topology " + topology + " --rate 10 --concurrency 4", "give exactly one load"},
      {"--topology " + topology + " --rate 10 --set cpu.cores=lots",
       "node 'cpu': attribute 'cores'"},
      {"--topology " + topology + " --rate 10 --set gpux.count=2", "no node 'gpux'"},
      {"--topology " + topology + " --rate 10 --image huge", "unknown image class 'huge'"},
      {"--topology " + topology + " --rate 10 --set gpu.device=a900",
       "no table covers this device"},
      {"--topology " + topology + " --arrival trace --trace " + dir + "/none.csv", "none.csv"},
      {"--topology " + topology + " --rate 10 --cpu-speed-trace " + dir + "/slow.csv",
       "slow.csv:3: factor must be positive"},
      {"--topology " + topology + " --rate 10 --replication -1",
       "--replication must be 0 (the seed's own draws) or more, got -1"},
  };
  std::ofstream(dir + "/slow.csv") << "time_s,factor\n0,1\n1,0\n";
  for (const Case& c : cases) {
    INFO(c.args);
    const auto r = run_servesim("simulate " + c.args + costs + db);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/bad.db"));
}

TEST_CASE("run sweeps an experiment file and rejects bad keys with their line", "[unit]") {
  const std::string dir = scratch_dir("run-cli");
  const std::string costs = tiny_cost_db(dir);
  std::ofstream(dir + "/study.ini")
      << "# a study\ntopology = " << tiny_topology(dir) << "\ncosts = " << costs
      << "\nduration-s = 1\n[sweep]\nimage = small, medium\nload = 0.2,0.5\n";
  const auto r = run_servesim("run " + dir + "/study.ini --json --db " + dir + "/r.db");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 4);
  CHECK(j[0]["point"] == "image=small load=0.2");
  CHECK(j[3]["point"] == "image=medium load=0.5");
  CHECK(j[1]["offered_rps"].get<double>() == Approx(0.5 * j[1]["bound_rps"].get<double>()));

  std::ofstream(dir + "/bad.ini") << "topology = x.dot\nrat = 5\n";
  const auto bad = run_servesim("run " + dir + "/bad.ini --db " + dir + "/r2.db");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.ini:2: unknown key 'rat'"));
  CHECK_FALSE(std::filesystem::exists(dir + "/r2.db"));
}
