// SPDX-License-Identifier: Apache-2.0
#include "tests/validate/importers/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "validate/importers/mlperf_detail_importer.hpp"
#include "validate/importers/mlperf_summary_importer.hpp"

using namespace servesim;
using servesim::test::fixture;
using servesim::test::metric;

namespace {
// The Server fixtures' numbers, the same in the summary and in the detail log.
void check_server_metrics(const sim::RunResult& r) {
  CHECK(r.provenance.tag == "Server");
  CHECK(r.provenance.kind == "imported");
  CHECK(metric(r, "throughput_rps") == Approx(1998.5));  // completed, not scheduled
  CHECK(metric(r, "throughput_scheduled_rps") == Approx(2001.25));
  CHECK(metric(r, "latency_ms.min") == Approx(2.5));
  CHECK(metric(r, "latency_ms.max") == Approx(40.0));
  CHECK(metric(r, "latency_ms.mean") == Approx(6.25));
  CHECK(metric(r, "latency_ms.p50") == Approx(5.5));
  CHECK(metric(r, "latency_ms.p90") == Approx(9.0));
  CHECK(metric(r, "latency_ms.p95") == Approx(10.5));
  CHECK(metric(r, "latency_ms.p97") == Approx(11.75));
  CHECK(metric(r, "latency_ms.p99") == Approx(14.25));
  CHECK(metric(r, "latency_ms.p999") == Approx(21.0));
  CHECK(metric(r, "result_valid") == 1);
  CHECK(metric(r, "perf_constraints_met") == 1);
  CHECK(metric(r, "min_duration_met") == 1);
  CHECK(metric(r, "min_queries_met") == 1);
  CHECK(metric(r, "early_stopping_met") == 1);
}
}  // namespace

TEST_CASE("MLPerf summary: Server scenario", "[unit]") {
  const sim::RunResult r = validate::import_mlperf_summary(fixture("mlperf_server_summary.txt"));
  check_server_metrics(r);
  const auto config = nlohmann::json::parse(r.provenance.config_json);
  CHECK(config["format"] == "mlperf-summary");
  CHECK(config["scenario"] == "Server");
  CHECK(config["sut_name"] == "TritonSUT");
  CHECK(config["mode"] == "PerformanceOnly");
  CHECK(config["test_parameters"]["target_latency (ns)"] == "15000000");
  CHECK(config["test_parameters"]["performance_sample_count"] == "1024");
}

TEST_CASE("MLPerf summary: SingleStream, an invalid result and a skipped check", "[unit]") {
  const sim::RunResult r =
      validate::import_mlperf_summary(fixture("mlperf_singlestream_summary.txt"));
  CHECK(r.provenance.tag == "SingleStream");
  CHECK(metric(r, "throughput_rps") == Approx(850.0));  // QPS with loadgen overhead
  CHECK(metric(r, "throughput_without_loadgen_overhead_rps") == Approx(900.0));
  CHECK(metric(r, "latency_ms.p90") == Approx(1.2));
  CHECK(metric(r, "latency_ms.mean") == Approx(1.111111));
  CHECK(metric(r, "latency_ms.p999") == Approx(2.8));
  CHECK(metric(r, "result_valid") == 0);
  CHECK(metric(r, "min_duration_met") == 0);
  CHECK(validate::find_metric(r, "min_queries_met") == nullptr);  // "Skipped"
  CHECK(metric(r, "early_stopping_met") == 1);
}

TEST_CASE("MLPerf summary: malformed files name the file and line", "[unit]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(validate::import_mlperf_summary(fixture("mlperf_bad_latency.txt")),
                    Contains("mlperf_bad_latency.txt:18: 'Mean latency (ns)' is 'fast', not a "
                             "number"));
  CHECK_THROWS_WITH(validate::import_mlperf_summary(fixture("mlperf_unknown_scenario.txt")),
                    Contains("mlperf_unknown_scenario.txt:5: unknown scenario 'Batch'"));
  CHECK_THROWS_WITH(validate::import_mlperf_summary(fixture("mlperf_truncated_summary.txt")),
                    Contains("mlperf_truncated_summary.txt: no 'Result is :' line"));
  CHECK_THROWS_WITH(validate::import_mlperf_summary(fixture("perf_concurrency.csv")),
                    Contains("perf_concurrency.csv: no 'Scenario :' line"));
  CHECK_THROWS_WITH(validate::import_mlperf_summary(fixture("empty.txt")), Contains("empty file"));
}

TEST_CASE("MLPerf detail log: Server records give the summary's metrics and more", "[unit]") {
  const sim::RunResult r = validate::import_mlperf_detail(fixture("mlperf_server_detail.txt"));
  check_server_metrics(r);
  CHECK(metric(r, "query_count") == 1200000);
  CHECK(metric(r, "overlatency_query_count") == 900);
  CHECK(metric(r, "loadgen_warnings") == 1);
  CHECK(metric(r, "loadgen_errors") == 0);
  const auto config = nlohmann::json::parse(r.provenance.config_json);
  CHECK(config["format"] == "mlperf-detail");
  CHECK(config["loadgen_settings"]["effective_target_latency_ns"] == 15000000);
  CHECK(config["loadgen_settings"]["loadgen_version"] == "4.0 @ 1a2b3c");
  CHECK_FALSE(config["loadgen_settings"].contains("requested_scenario"));
}

TEST_CASE("MLPerf detail log: MultiStream latencies are per query", "[unit]") {
  const sim::RunResult r = validate::import_mlperf_detail(fixture("mlperf_multistream_detail.txt"));
  CHECK(r.provenance.tag == "MultiStream");
  CHECK(metric(r, "latency_ms.mean") == Approx(4.0));
  CHECK(metric(r, "latency_ms.min") == Approx(3.0));
  CHECK(metric(r, "latency_ms.p50") == Approx(3.9));
  CHECK(metric(r, "latency_ms.p99") == Approx(6.0));
  CHECK(metric(r, "sample_latency_ms.mean") == Approx(0.5));
  CHECK(metric(r, "sample_latency_ms.p99") == Approx(0.9));
  CHECK(validate::find_metric(r, "throughput_rps") == nullptr);
  CHECK(metric(r, "result_valid") == 0);
  CHECK(metric(r, "min_duration_met") == 0);
  CHECK(metric(r, "loadgen_errors") == 1);
  const auto config = nlohmann::json::parse(r.provenance.config_json);
  CHECK(config["latency_unit"] == "query");
}

TEST_CASE("MLPerf detail log: malformed records name the file and line", "[unit]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(validate::import_mlperf_detail(fixture("mlperf_bad_json_detail.txt")),
                    Contains("mlperf_bad_json_detail.txt:3: not valid JSON after ':::MLLOG'"));
  CHECK_THROWS_WITH(validate::import_mlperf_detail(fixture("mlperf_bad_value_detail.txt")),
                    Contains("mlperf_bad_value_detail.txt:2: 'result_mean_latency_ns' holds "
                             "\"six\", expected a number"));
  CHECK_THROWS_WITH(validate::import_mlperf_detail(fixture("mlperf_not_detail.txt")),
                    Contains("mlperf_not_detail.txt:2: expected a ':::MLLOG {json}' record"));
  CHECK_THROWS_WITH(validate::import_mlperf_detail(fixture("mlperf_accuracy_detail.txt")),
                    Contains("mlperf_accuracy_detail.txt: no 'result_validity' record"));
}
