// SPDX-License-Identifier: Apache-2.0
// End to end through the servesim binary: `servesim import ... --json`.
#include "tests/support/run_command.hpp"
#include "tests/validate/importers/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace servesim;
using servesim::test::count_rows;
using servesim::test::fixture;
using servesim::test::run_servesim;

TEST_CASE("servesim import --json prints run ids and metrics and stores the runs", "[slow]") {
  const std::string db = test::scratch_dir("importers-cli") + "/r.db";
  const auto r = run_servesim("import --format perf-csv " + fixture("perf_concurrency.csv") +
                              " --tag lab --db " + db + " --json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["format"] == "perf-csv");
  REQUIRE(j["runs"].size() == 3);
  CHECK(j["runs"][0]["run_id"] == 1);
  CHECK(j["runs"][2]["run_id"] == 3);
  CHECK(j["runs"][0]["tag"] == "lab/concurrency=1");
  CHECK(j["runs"][0]["throughput_rps"].get<double>() == Approx(125.5));
  CHECK(j["runs"][0]["latency_ms"]["p99"].get<double>() == Approx(12.0));
  CHECK(j["runs"][0]["breakdown"]["inference"]["mean_ms"].get<double>() == Approx(6.0));
  CHECK_THAT(r.err, Catch::Contains("stored 3 imported run(s)"));

  const auto detail = run_servesim("import --format mlperf-detail " +
                                   fixture("mlperf_server_detail.txt") + " --db " + db + " --json");
  REQUIRE(detail.exit_code == 0);
  const auto d = nlohmann::json::parse(detail.out);
  CHECK(d["runs"][0]["run_id"] == 4);
  CHECK(d["runs"][0]["tag"] == "Server");
  CHECK(d["runs"][0]["latency_ms"]["p99"].get<double>() == Approx(14.25));

  const auto prom =
      run_servesim("import --format prometheus " + fixture("triton_after.prom") + " --before " +
                   fixture("triton_before.prom") + " --interval-s 20 --db " + db);
  REQUIRE(prom.exit_code == 0);
  CHECK_THAT(prom.out, Catch::Contains("model=resnet50,version=1") && Catch::Contains("200.0000") &&
                           Catch::Contains("4.0000"));

  auto store = sim::ResultsStore::open(db);
  CHECK(count_rows(store, "runs") == 5);
  CHECK(count_rows(store, "runs WHERE kind = 'imported'") == 5);
}

TEST_CASE("servesim import of a malformed file: one line, exit 2, nothing stored", "[slow]") {
  const std::string db = test::scratch_dir("importers-cli-bad") + "/r.db";
  REQUIRE(run_servesim("import --format perf-json " + fixture("profile.json") + " --db " + db)
              .exit_code == 0);
  const auto r =
      run_servesim("import --format perf-csv " + fixture("perf_bad_number.csv") + " --db " + db);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("perf_bad_number.csv:3:") && Catch::Contains("12x"));
  CHECK(r.out.empty());
  auto store = sim::ResultsStore::open(db);
  CHECK(count_rows(store, "runs") == 2);
  CHECK(count_rows(store, "requests") == 7);

  const auto usage = run_servesim("import --format perf-csv");
  CHECK(usage.exit_code == 2);
  CHECK_THAT(usage.err, Catch::Contains("no FILE given"));
}
