// SPDX-License-Identifier: Apache-2.0
#include "sim/store/results_store.hpp"

#include "sim/report/metric_names.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace servesim::sim;
namespace fs = std::filesystem;

namespace {
fs::path fresh_path(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "servesim-tests";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p;
}

RunResult sample_run() {
  RunResult r;
  r.provenance.command = "test";
  r.provenance.config_json = R"({"x":1})";
  r.provenance.seed = 9;
  r.metrics = {{"mean_ms", 1.5, 0.1, "ms"}, {"p99_ms", 7.0, 0.5, "ms"}};
  r.resources = {{"cpu", 4, 0.5, 0.2, 10.0, 2.0}};
  r.breakdown = {{"inference", 1.0, 0.66}};
  r.histogram = {{"latency", 100, 1, 3}};
  return r;
}

std::int64_t count_rows(ResultsStore& store, const std::string& table) {
  auto statement = store.db().prepare("SELECT count(*) FROM " + table);
  statement.step();
  return statement.column_int(0);
}
}  // namespace

TEST_CASE("a run and its rows are stored with provenance", "[unit]") {
  ResultsStore store = ResultsStore::open(fresh_path("store.db").string());
  const std::int64_t id = store.write(sample_run());
  CHECK(id == 1);
  auto run =
      store.db().prepare("SELECT seed, config_json, servesim_version FROM runs WHERE run_id=1");
  REQUIRE(run.step());
  CHECK(run.column_int(0) == 9);
  CHECK(run.column_text(1) == R"({"x":1})");
  CHECK_FALSE(run.column_text(2).empty());
  CHECK(count_rows(store, "metrics") == 2);
  CHECK(count_rows(store, "resources") == 1);
  CHECK(count_rows(store, "breakdown") == 1);
  CHECK(count_rows(store, "histograms") == 1);
}

TEST_CASE("a table's columns are listed in their order, none for a missing table", "[unit]") {
  ResultsStore store = ResultsStore::open(fresh_path("columns.db").string());
  const std::vector<std::string> metrics = store.db().column_names("metrics");
  const std::vector<std::string> expected = {"run_id", "name", "value", "ci95_halfwidth", "unit"};
  CHECK(metrics == expected);
  CHECK(store.db().column_names("no_such_table").empty());
}

TEST_CASE("a failing write leaves nothing behind", "[unit]") {
  ResultsStore store = ResultsStore::open(fresh_path("atomic.db").string());
  store.write(sample_run());
  RunResult bad = sample_run();
  bad.metrics.push_back(bad.metrics.front());  // duplicate (run_id, name) violates the key
  CHECK_THROWS_AS(store.write(bad), StoreError);
  CHECK(count_rows(store, "runs") == 1);
  CHECK(count_rows(store, "metrics") == 2);
}

TEST_CASE("unwritable or foreign files fail with the path in the message", "[unit]") {
  CHECK_THROWS_WITH(
      ResultsStore::open("/nonexistent-dir/x/results.db"),
      Catch::Contains("/nonexistent-dir/x/results.db") && Catch::Contains("cannot open"));
  const fs::path text = fresh_path("not-a-db.db");
  std::ofstream(text) << "this is a text file, not a database, and it is long enough to matter\n";
  CHECK_THROWS_WITH(ResultsStore::open(text.string()), Catch::Contains("not-a-db.db"));
}

TEST_CASE("older metric names map to the shared vocabulary", "[unit]") {
  CHECK(current_metric_name("latency_p99_ms") == "latency_ms.p99");
  CHECK(current_metric_name("latency_mean_ms") == "latency_ms.mean");
  CHECK(current_metric_name("latency_p99_9_ms") == "latency_ms.p999");
  CHECK(current_metric_name("latency_p999_ms") == "latency_ms.p999");
  CHECK(current_metric_name("sample_latency_p50_ms") == "sample_latency_ms.p50");
  CHECK(current_metric_name("item_latency_p50_ms") == "fanout.item_latency_ms.p50");
  CHECK(current_metric_name("items_per_request") == "fanout.items_per_request");
  CHECK(current_metric_name("throughput_rps") == "throughput_rps");
  CHECK(current_metric_name("server_queue_ms") == "server_queue_ms");
  CHECK(metric::percentile_statistic(99.9) == "p999");
  CHECK(metric::percentile_statistic(50) == "p50");
  CHECK(metric::percentile_statistic(100).empty());
}

TEST_CASE("a run's metrics nest by their dotted names in JSON", "[unit]") {
  RunResult r;
  r.metrics = {{"throughput_rps", 10, 0, "req/s"}, {"latency_ms.p99", 7, 0, "ms"}};
  r.breakdown = {{"inference", 2.0, 0.5}};
  r.resources = {{"nic.rx", 1, 0.25, 0, 0, 0}};
  const auto j = run_metrics_json(r);
  CHECK(j["throughput_rps"] == 10.0);
  CHECK(j["latency_ms"]["p99"] == 7.0);
  CHECK(j["breakdown"]["inference"]["share"] == 0.5);
  CHECK(j["utilization"]["nic.rx"] == 0.25);
}
