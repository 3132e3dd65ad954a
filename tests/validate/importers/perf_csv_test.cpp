// SPDX-License-Identifier: Apache-2.0
#include "tests/validate/importers/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "validate/importers/import_error.hpp"
#include "validate/importers/perf_csv_importer.hpp"

using namespace servesim;
using servesim::test::category;
using servesim::test::fixture;
using servesim::test::metric;

TEST_CASE("perf_analyzer CSV: one run per load point, microseconds become ms", "[unit]") {
  const auto runs = validate::import_perf_csv(fixture("perf_concurrency.csv"));
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].provenance.tag == "concurrency=1");
  CHECK(runs[1].provenance.tag == "concurrency=2");
  CHECK(runs[2].provenance.tag == "concurrency=4");

  const sim::RunResult& c1 = runs[0];
  CHECK(c1.provenance.kind == "imported");
  CHECK(c1.provenance.seed == 0);
  CHECK(c1.provenance.command == "import --format perf-csv");
  CHECK(metric(c1, "throughput_rps") == Approx(125.5));
  CHECK(test::metric_unit(c1, "throughput_rps") == "req/s");
  CHECK(metric(c1, "client_send_ms") == Approx(0.300));  // 300 µs
  CHECK(metric(c1, "network_server_send_recv_ms") == Approx(1.200));
  CHECK(metric(c1, "server_queue_ms") == Approx(0.100));
  CHECK(metric(c1, "server_compute_input_ms") == Approx(0.400));
  CHECK(metric(c1, "server_compute_infer_ms") == Approx(6.000));
  CHECK(metric(c1, "server_compute_output_ms") == Approx(0.200));
  CHECK(metric(c1, "client_recv_ms") == Approx(0.050));
  CHECK(metric(c1, "latency_ms.p50") == Approx(8.1));
  CHECK(metric(c1, "latency_ms.p90") == Approx(9.0));
  CHECK(metric(c1, "latency_ms.p95") == Approx(9.5));
  CHECK(metric(c1, "latency_ms.p99") == Approx(12.0));
  CHECK(test::metric_unit(c1, "latency_ms.p99") == "ms");
  // No "Avg latency" column: the sum of the parts, 0.3+1.2+0.1+0.4+6.0+0.2+0.05 ms.
  CHECK(metric(c1, "latency_ms.mean") == Approx(8.25));

  const sim::RunResult& c4 = runs[2];
  CHECK(metric(c4, "throughput_rps") == Approx(310.25));
  CHECK(metric(c4, "latency_ms.mean") == Approx(0.32 + 1.5 + 4.5 + 0.45 + 6.4 + 0.23 + 0.06));

  const auto config = nlohmann::json::parse(c4.provenance.config_json);
  CHECK(config["format"] == "perf-csv");
  CHECK_THAT(config["source_file"].get<std::string>(), Catch::EndsWith("/perf_concurrency.csv"));
  CHECK(config["line"] == 4);
  CHECK(config["load_mode"] == "concurrency");
  CHECK(config["load_value"] == 4.0);
}

TEST_CASE("perf_analyzer CSV: a clamped network column gives no mean latency", "[unit]") {
  // perf_analyzer writes 0 when the server's times exceed the client's: the parts no longer add
  // up to the mean, so the importer must not pretend they do.
  const auto runs = validate::import_perf_csv(fixture("perf_concurrency.csv"));
  CHECK(validate::find_metric(runs[1], "latency_ms.mean") == nullptr);
  CHECK(metric(runs[1], "latency_ms.p50") == Approx(9.05));
}

TEST_CASE("perf_analyzer CSV: server times map onto the breakdown categories", "[unit]") {
  const auto runs = validate::import_perf_csv(fixture("perf_concurrency.csv"));
  const sim::RunResult& c1 = runs[0];
  REQUIRE(c1.breakdown.size() == 5);
  CHECK(category(c1, "network").mean_ms == Approx(0.3 + 0.05 + 1.2));
  CHECK(category(c1, "queueing").mean_ms == Approx(0.1));
  CHECK(category(c1, "data_transfer").mean_ms == Approx(0.4));
  CHECK(category(c1, "inference").mean_ms == Approx(6.0));
  CHECK(category(c1, "postprocessing").mean_ms == Approx(0.2));
  CHECK(category(c1, "inference").share == Approx(6.0 / 8.25));
  double shares = 0.0;
  for (const auto& b : c1.breakdown) shares += b.share;
  CHECK(shares == Approx(1.0));
}

TEST_CASE("perf_analyzer verbose CSV: request rate, Avg latency and GPU columns", "[unit]") {
  const auto runs = validate::import_perf_csv(fixture("perf_rate_verbose.csv"));
  REQUIRE(runs.size() == 1);
  const sim::RunResult& r = runs[0];
  CHECK(r.provenance.tag == "request_rate=50.5");
  CHECK(metric(r, "throughput_rps") == Approx(50.4));
  // The column wins over the sum of the parts (5.41 ms).
  CHECK(metric(r, "latency_ms.mean") == Approx(5.412));
  CHECK(metric(r, "client_send_recv_ms") == Approx(0.190));
  CHECK(metric(r, "client_response_wait_ms") == Approx(5.222));
  CHECK(metric(r, "gpu_utilization") == Approx(0.5));
  CHECK(metric(r, "gpu_power_w") == Approx(180.75));
  CHECK(metric(r, "gpu_memory_used_max_bytes") == Approx(3e6));
  CHECK(metric(r, "gpu_memory_total_bytes") == Approx(3.2e10));
  REQUIRE(r.resources.size() == 2);
  CHECK(r.resources[0].resource == "gpu:GPU-aaa");
  CHECK(r.resources[0].utilization == Approx(0.25));
  CHECK(r.resources[0].mean_power_w == Approx(60.5));
  CHECK(r.resources[1].resource == "gpu:GPU-bbb");
  CHECK(r.resources[1].utilization == Approx(0.75));
  const auto config = nlohmann::json::parse(r.provenance.config_json);
  CHECK(config["latency_mean_source"] == "Avg latency column");
  CHECK(config["load_mode"] == "request_rate");
}

TEST_CASE("perf_analyzer CSV: malformed files name the file, line and problem", "[unit]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("perf_bad_number.csv")),
                    Contains("perf_bad_number.csv:3: ") && Contains("'Server Queue'") &&
                        Contains("'12x', not a number"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("perf_missing_column.csv")),
                    Contains("perf_missing_column.csv:1: missing column 'Client Send'"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("perf_unknown_column.csv")),
                    Contains("perf_unknown_column.csv:1: unknown column 'Server Queu'"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("perf_short_row.csv")),
                    Contains("perf_short_row.csv:2: has 12 cells, the header has 13"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("perf_header_only.csv")),
                    Contains("perf_header_only.csv:1: header only"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("empty.txt")),
                    Contains("empty.txt: empty file"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("no-such-file.csv")),
                    Contains("no-such-file.csv: cannot open"));
  CHECK_THROWS_WITH(validate::import_perf_csv(fixture("")), Contains("is a directory"));
  CHECK_THROWS_AS(validate::import_perf_csv(fixture("profile.json")), validate::ImportError);
}
