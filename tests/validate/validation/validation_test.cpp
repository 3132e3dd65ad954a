// SPDX-License-Identifier: Apache-2.0
// The comparison behind `servesim validate`: relative errors, targets, quantile intervals and the
// replay of a stored scenario.
#include "validate/validation/validation.hpp"

#include "sim/serving/serving_config.hpp"
#include "sim/store/results_store.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "validate/validation/scenario_args.hpp"
#include <algorithm>
#include <cmath>
#include <numeric>

using namespace servesim;

namespace {
sim::RunResult predicted_rows() {
  sim::RunResult p;
  p.metrics = {{"throughput_rps", 102, 0, "req/s"},
               {"latency_ms.mean", 10, 0, "ms"},
               {"latency_ms.p50", 9, 0, "ms"},
               {"latency_ms.p99", 30, 0, "ms"},
               {"energy_j", 5, 0, "J"}};
  p.breakdown = {{"inference", 6, 0.6}, {"queueing", 0, 0}, {"broker", 0, 0}};
  return p;
}
}  // namespace

TEST_CASE("each metric's error is (predicted - measured) / measured against its target", "[unit]") {
  validate::StoredRun measured;
  measured.metrics = {{"throughput_rps", 100},
                      {"latency_ms.mean", 8},
                      {"latency_ms.p50", 10},
                      {"latency_ms.p99", 28}};
  measured.breakdown_ms = {{"inference", 5}, {"queueing", 1}};
  const validate::Validation v = validate::compare_runs(predicted_rows(), measured);
  REQUIRE(v.find("throughput_rps") != nullptr);
  CHECK(v.find("throughput_rps")->rel_error == Approx(0.02));
  CHECK(v.find("throughput_rps")->pass());  // 2% <= 3%
  CHECK(v.find("latency_ms.p50")->rel_error == Approx(-0.1));
  CHECK_FALSE(v.find("latency_ms.p50")->pass());  // 10% > 5%
  CHECK(v.find("latency_ms.p99")->rel_error == Approx(2.0 / 28));
  CHECK(v.find("latency_ms.p99")->pass());
  CHECK(v.find("latency_ms.mean")->rel_error == Approx(0.25));
  CHECK(v.find("latency_ms.mean")->pass());    // no target
  CHECK(v.find("latency_ms.p90") == nullptr);  // the measurement has none
  CHECK(v.find("breakdown.inference.mean_ms")->rel_error == Approx(0.2));
  CHECK(v.find("breakdown.queueing.mean_ms")->rel_error == Approx(-1.0));
  CHECK(v.find("breakdown.broker.mean_ms") == nullptr);
  CHECK_FALSE(v.all_pass());

  const auto j = nlohmann::json::parse(validate::validation_json(v, 3, 4, R"({"topology":"t"})"));
  CHECK(j["throughput_rps"]["predicted"] == 102.0);
  CHECK(j["throughput_rps"]["measured"] == 100.0);
  CHECK(j["latency_ms"]["p50"]["pass"] == false);
  CHECK(j["breakdown"]["inference"]["mean_ms"]["rel_error"].get<double>() == Approx(0.2));
  CHECK(j["pass"] == false);
  CHECK(j["measured_run_id"] == 3);
}

TEST_CASE("the interval of a quantile comes from the order statistics around it", "[unit]") {
  std::vector<double> values(1000);
  std::iota(values.begin(), values.end(), 1.0);  // 1, 2, ..., 1000
  // n q = 990, half-width 1.96 sqrt(1000 * 0.99 * 0.01) = 6.17 ranks: values 983 and 997.
  const auto rel = validate::quantile_ci_rel(values, 0.99);
  REQUIRE(rel);
  CHECK(*rel == Approx((997.0 - 983.0) / 2 / 990.0));
  values.resize(99);
  CHECK_FALSE(validate::quantile_ci_rel(values, 0.99));
}

TEST_CASE("a stored scenario replays as the same serving options", "[unit]") {
  sim::ServingConfig c;
  c.topology.source_path = "topologies/cpu_only.dot";
  c.overrides.push_back({"cpu", "cores", "1"});
  c.images = sim::ImageMix::parse("small:0.5,large:0.5");
  c.rate_per_s = 12.5;
  c.duration_s = 30;
  c.warmup_s = 3;
  c.seed = 42;
  const auto args = validate::scenario_args_from_config_json(c.to_json());
  const std::vector<std::string> expected = {"--topology",   "topologies/cpu_only.dot",
                                             "--image",      "small:0.5,large:0.5",
                                             "--arrival",    "poisson",
                                             "--rate",       "12.5",
                                             "--duration-s", "30",
                                             "--warmup-s",   "3",
                                             "--seed",       "42",
                                             "--set",        "cpu.cores=1"};
  CHECK(args == expected);
  // A replication's run replays as the same replication.
  c.replication = 2;
  const auto replica = validate::scenario_args_from_config_json(c.to_json());
  const auto at = std::find(replica.begin(), replica.end(), "--replication");
  REQUIRE(at != replica.end());
  CHECK(*(at + 1) == "2");
  CHECK_THROWS_WITH(validate::scenario_args_from_config_json(R"({"images":"small"})"),
                    Catch::Contains("names no topology"));
  CHECK_THROWS_WITH(validate::scenario_args_from_config_json("not json"),
                    Catch::Contains("not JSON"));
}

TEST_CASE("options on the command line replace the stored run's, --set adds to them", "[unit]") {
  const std::vector<std::string> stored = {"--topology", "t.dot", "--seed", "1",
                                           "--rate",     "10",    "--set",  "cpu.cores=1"};
  const std::vector<std::string> given = {"--measured",    "4",       "--seed=2", "--set",
                                          "b.max_batch=4", "--replay"};
  const std::vector<std::string> expected = {
      "--topology", "t.dot", "--rate",   "10",    "--set",         "cpu.cores=1",
      "--measured", "4",     "--seed=2", "--set", "b.max_batch=4", "--replay"};
  CHECK(validate::override_scenario_args(stored, given) == expected);
  CHECK(validate::override_scenario_args(stored, {}) == stored);
}

TEST_CASE("a comparison is stored row by row in the results database", "[unit]") {
  const std::string db_path = test::scratch_dir("validate-store") + "/r.db";
  sim::ResultsStore store = sim::ResultsStore::open(db_path);
  sim::RunResult measured_run;
  measured_run.provenance.kind = "measured";
  measured_run.metrics = {{"throughput_rps", 100, 0, "req/s"}, {"latency_ms.p50", 10, 0, "ms"}};
  measured_run.requests = {{0, -1, "small", 500, 375, 1000, 0, 5'000'000},
                           {1, -1, "small", 500, 375, 1000, 0, 7'000'000},
                           {2, 1, "small", 500, 375, 1000, 0, 99'000'000}};
  const std::int64_t measured_id = store.write(measured_run);
  const std::int64_t predicted_id = store.write(predicted_rows());
  const validate::StoredRun read = validate::read_stored_run(store.db(), db_path, measured_id);
  CHECK(read.kind == "measured");
  CHECK(read.metric("latency_ms.p50") == 10.0);
  CHECK(read.request_latencies_ms == std::vector<double>{5.0, 7.0});  // the child is left out
  const validate::Validation v = validate::compare_runs(predicted_rows(), read);
  validate::store_validation(store.db(), v, measured_id, predicted_id);
  auto rows = store.db().prepare(
      "SELECT count(*), sum(pass), min(rel_error) FROM validations WHERE measured_run_id = ?");
  rows.bind(1, measured_id);
  REQUIRE(rows.step());
  CHECK(rows.column_int(0) == 2);
  CHECK(rows.column_int(1) == 1);  // throughput 2% passes, p50 -10% misses
  CHECK(rows.column_double(2) == Approx(-0.1));
  CHECK_THROWS_WITH(validate::read_stored_run(store.db(), db_path, 77),
                    Catch::Contains("no run 77"));
}

TEST_CASE("replications of a prediction are judged on their mean, with its interval", "[unit]") {
  validate::StoredRun measured;
  measured.metrics = {{"throughput_rps", 100}, {"latency_ms.p50", 10}, {"latency_ms.p99", 28}};
  std::vector<validate::Validation> each;
  for (const double p50_ms : {9.0, 10.0, 11.5}) {
    sim::RunResult p = predicted_rows();
    p.metrics[2].value = p50_ms;  // latency_ms.p50
    each.push_back(validate::compare_runs(p, measured));
  }
  each.back().checks.erase(each.back().checks.begin());  // one replication lacks throughput
  const validate::Validation v = validate::combine_replications(each);
  CHECK(v.replications == 3);
  CHECK(v.find("throughput_rps") == nullptr);  // not in every replication: left out
  const validate::MetricCheck* p50 = v.find("latency_ms.p50");
  REQUIRE(p50 != nullptr);
  CHECK(p50->predicted == Approx(10.1666667));
  CHECK(p50->rel_error == Approx(0.0166667));
  CHECK(p50->pass());  // each replication alone: -10%, 0%, +15%
  // t(0.975, 2) = 4.303; the sample deviation of 9, 10, 11.5 is 1.2583.
  REQUIRE(p50->predicted_ci95_rel.has_value());
  CHECK(*p50->predicted_ci95_rel ==
        Approx(4.303 * 1.2583 / std::sqrt(3.0) / 10.1666667).epsilon(1e-3));
  // Identical replications have a zero-width interval; a single one has none.
  const validate::MetricCheck* p99 = v.find("latency_ms.p99");
  REQUIRE(p99 != nullptr);
  CHECK(*p99->predicted_ci95_rel == 0.0);
  CHECK_FALSE(
      validate::combine_replications({each.front()}).find("latency_ms.p99")->predicted_ci95_rel);
  CHECK_THROWS(validate::combine_replications({}));

  const auto j = nlohmann::json::parse(validate::validation_json(v, 3, 4, R"({"topology":"t"})"));
  CHECK(j["replications"] == 3);
  CHECK(j["latency_ms"]["p50"]["predicted_ci95_rel"].get<double>() ==
        Approx(*p50->predicted_ci95_rel));
  CHECK_THAT(validate::validation_table(v), Catch::Contains("mean of 3 replications"));
}

TEST_CASE("a metric's measured interval is the run's batch means, else its requests' order",
          "[unit]") {
  validate::StoredRun measured;
  measured.metrics = {{"throughput_rps", 100},
                      {"latency_ms.mean", 8},
                      {"latency_ms.p50", 10},
                      {"latency_ms.p99", 28}};
  measured.metric_ci95 = {{"throughput_rps", 0}, {"latency_ms.p50", 2.5}, {"latency_ms.p99", 0}};
  for (int i = 1; i <= 1000; ++i) measured.request_latencies_ms.push_back(i);
  const validate::Validation v = validate::compare_runs(predicted_rows(), measured);
  CHECK_FALSE(v.find("throughput_rps")->measured_ci95_rel);             // no interval stored
  CHECK(*v.find("latency_ms.p50")->measured_ci95_rel == Approx(0.25));  // 2.5 / 10 from batch means
  // No batch means for p99: the 1000 requests' order statistics, ranks 983 and 997 around 990.
  CHECK(*v.find("latency_ms.p99")->measured_ci95_rel == Approx((997.0 - 983.0) / 2 / 990.0));
  CHECK_FALSE(v.find("latency_ms.p50")->decidable());  // +-25% cannot judge a 5% target
  CHECK(v.find("latency_ms.p99")->decidable());
  REQUIRE(v.find("latency_ms.mean") != nullptr);
  CHECK_FALSE(v.find("latency_ms.mean")->measured_ci95_rel);  // no batch means, and not a quantile
  CHECK(v.find("latency_ms.mean")->decidable());              // no target

  const auto j = nlohmann::json::parse(validate::validation_json(v, 3, 4, R"({"topology":"t"})"));
  CHECK(j["latency_ms"]["p50"]["measured_ci95_rel"].get<double>() == Approx(0.25));
  CHECK(j["latency_ms"]["p50"]["decidable"] == false);
  CHECK(j["latency_ms"]["p99"]["measured_ci95_rel"].get<double>() == Approx(7.0 / 990.0));
  CHECK_FALSE(j["throughput_rps"].contains("decidable"));  // unknown interval: not said
  CHECK_THAT(validate::validation_table(v), Catch::Contains("a longer run is needed to judge it"));

  // A closed loop's throughput has its parts' interval; an open loop's does not count, because
  // the prediction replays the same arrivals.
  measured.metric_ci95["throughput_rps"] = 4;
  CHECK(*validate::compare_runs(predicted_rows(), measured)
             .find("throughput_rps")
             ->measured_ci95_rel == Approx(0.04));
  measured.metrics["offered_rps"] = 100;
  CHECK_FALSE(
      validate::compare_runs(predicted_rows(), measured).find("throughput_rps")->measured_ci95_rel);
}

TEST_CASE("a miss within both runs' intervals is told apart from one beyond them", "[unit]") {
  validate::MetricCheck c;
  c.metric = "latency_ms.p50";
  c.target = 0.05;
  c.rel_error = -0.10;  // 5 points beyond the target
  CHECK_FALSE(c.pass());
  CHECK(c.miss_beyond_noise());  // no interval known: every miss is real
  c.measured_ci95_rel = 0.03;
  c.predicted_ci95_rel = 0.04;  // together sqrt(9 + 16) = 5 points: not more than 5
  CHECK(c.noise_rel() == Approx(0.05));
  CHECK_FALSE(c.miss_beyond_noise());
  c.rel_error = +0.101;
  CHECK(c.miss_beyond_noise());
  c.rel_error = 0.04;  // a pass is never a miss, whatever the noise
  CHECK_FALSE(c.miss_beyond_noise());

  validate::Validation v;
  c.rel_error = -0.08;
  v.checks.push_back(c);
  CHECK_FALSE(v.all_pass());
  CHECK(v.no_miss_beyond_noise());
  CHECK_THAT(validate::validation_table(v), Catch::Contains("5% miss*"));
  v.checks.front().rel_error = -0.2;
  CHECK_FALSE(v.no_miss_beyond_noise());
  CHECK_THAT(validate::validation_table(v), Catch::Contains("5% MISS"));
}

TEST_CASE("a results database from before the intervals gets their columns on its next write",
          "[unit]") {
  const std::string db_path = test::scratch_dir("validate-columns") + "/r.db";
  sim::ResultsStore store = sim::ResultsStore::open(db_path);
  // The table as the first releases wrote it, with one row.
  store.db().exec(
      "CREATE TABLE validations(measured_run_id INTEGER NOT NULL, predicted_run_id INTEGER NOT "
      "NULL, metric TEXT NOT NULL, predicted REAL NOT NULL, measured REAL NOT NULL, rel_error "
      "REAL NOT NULL, target REAL, pass INTEGER NOT NULL, PRIMARY KEY(measured_run_id, "
      "predicted_run_id, metric));"
      "INSERT INTO validations VALUES (1, 2, 'p50_ms', 9, 10, -0.1, 0.05, 0);");
  validate::Validation v;
  validate::MetricCheck c;
  c.metric = "latency_ms.p99";
  c.predicted = 33;
  c.measured = 30;
  c.rel_error = 0.1;
  c.target = 0.05;
  c.measured_ci95_rel = 0.08;
  v.checks.push_back(c);
  validate::store_validation(store.db(), v, 1, 3);
  auto rows = store.db().prepare(
      "SELECT predicted_run_id, measured_ci95_rel, predicted_ci95_rel, beyond_noise FROM "
      "validations ORDER BY predicted_run_id");
  REQUIRE(rows.step());  // the old row: kept, its new columns NULL
  CHECK(rows.column_int(0) == 2);
  CHECK(rows.column_is_null(1));
  CHECK(rows.column_is_null(3));
  REQUIRE(rows.step());
  CHECK(rows.column_int(0) == 3);
  CHECK(rows.column_double(1) == Approx(0.08));
  CHECK(rows.column_is_null(2));   // one simulation: no predicted interval
  CHECK(rows.column_int(3) == 0);  // 10% against 5%: within the measured 8%
  CHECK_FALSE(rows.step());
}
