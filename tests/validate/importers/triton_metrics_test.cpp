// SPDX-License-Identifier: Apache-2.0
#include "tests/support/run_command.hpp"
#include "tests/validate/importers/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "validate/importers/prometheus_text.hpp"
#include "validate/importers/triton_metrics_importer.hpp"
#include <fstream>

using namespace servesim;
using servesim::test::category;
using servesim::test::fixture;
using servesim::test::metric;

TEST_CASE("Prometheus text: names, labels, escapes, values and timestamps", "[unit]") {
  const std::string dir = test::scratch_dir("importers-prom-text");
  std::ofstream(dir + "/m.prom") << "# HELP x help text\n"
                                    "a_total 3\n"
                                    "b{k=\"v\",q=\"say \\\"hi\\\"\",} 1.5e3 1700000000123\n"
                                    "  \n"
                                    "c{ } -Inf\n";
  const auto samples = validate::parse_prometheus_text(validate::read_text_file(dir + "/m.prom"));
  REQUIRE(samples.size() == 3);
  CHECK(samples[0].name == "a_total");
  CHECK(samples[0].value == 3);
  CHECK(samples[0].line == 2);
  CHECK_FALSE(samples[0].timestamp_ms.has_value());
  CHECK(samples[1].label("k") == "v");
  CHECK(samples[1].label("q") == "say \"hi\"");
  CHECK(samples[1].value == 1500);
  CHECK(samples[1].timestamp_ms == 1700000000123);
  CHECK(samples[2].value < 0);
  CHECK(samples[2].line == 5);
}

TEST_CASE("Triton metrics: two scrapes give per-request averages over the window", "[unit]") {
  const auto runs = validate::import_triton_metrics(
      fixture("triton_after.prom"), {fixture("triton_before.prom"), /*window_s=*/20.0});
  // idle_model served nothing between the scrapes, so only resnet50 is a run.
  REQUIRE(runs.size() == 1);
  const sim::RunResult& r = runs[0];
  CHECK(r.provenance.tag == "model=resnet50,version=1");
  CHECK(r.provenance.kind == "imported");
  CHECK(metric(r, "requests") == 4000);
  CHECK(metric(r, "failed_requests") == 3);  // REJECTED 2 -> 5, BACKEND 1 -> 1
  CHECK(metric(r, "inferences") == 4000);
  CHECK(metric(r, "executions") == 1000);
  CHECK(metric(r, "avg_batch_size") == Approx(4.0));
  CHECK(metric(r, "throughput_rps") == Approx(200.0));    // 4000 over 20 s
  CHECK(metric(r, "server_request_ms") == Approx(12.5));  // 50,000,000 µs / 4000
  CHECK(metric(r, "server_queue_ms") == Approx(3.0));     // 12,000,000 µs / 4000
  CHECK(metric(r, "server_compute_input_ms") == Approx(0.5));
  CHECK(metric(r, "server_compute_infer_ms") == Approx(8.0));
  CHECK(metric(r, "server_compute_output_ms") == Approx(0.25));
  CHECK(validate::find_metric(r, "latency_ms.mean") == nullptr);  // no client view in a scrape

  REQUIRE(r.breakdown.size() == 4);
  CHECK(category(r, "queueing").mean_ms == Approx(3.0));
  CHECK(category(r, "data_transfer").mean_ms == Approx(0.5));
  CHECK(category(r, "inference").mean_ms == Approx(8.0));
  CHECK(category(r, "postprocessing").mean_ms == Approx(0.25));
  CHECK(category(r, "inference").share == Approx(8.0 / 11.75));

  REQUIRE(r.resources.size() == 1);
  CHECK(r.resources[0].resource == "gpu:GPU-1234");
  CHECK(r.resources[0].utilization == Approx(0.85));
  CHECK(r.resources[0].energy_j == Approx(4200));
  CHECK(r.resources[0].mean_power_w == Approx(210.0));  // 4200 J / 20 s

  const auto config = nlohmann::json::parse(r.provenance.config_json);
  CHECK(config["format"] == "prometheus");
  CHECK_THAT(config["before_file"].get<std::string>(), Catch::EndsWith("triton_before.prom"));
  CHECK(config["window_source"] == "--interval-s");
}

TEST_CASE("Triton metrics: one scrape gives totals since the server started", "[unit]") {
  const auto runs = validate::import_triton_metrics(fixture("triton_after.prom"));
  REQUIRE(runs.size() == 2);  // ordered by model name
  CHECK(runs[0].provenance.tag == "model=idle_model,version=1");
  CHECK(metric(runs[0], "requests") == 7);
  CHECK(metric(runs[0], "avg_batch_size") == Approx(1.0));
  const sim::RunResult& r = runs[1];
  CHECK(metric(r, "requests") == 5000);
  CHECK(metric(r, "avg_batch_size") == Approx(5000.0 / 1500));
  CHECK(metric(r, "server_queue_ms") == Approx(2.6));  // 13,000,000 µs / 5000
  CHECK(metric(r, "server_compute_infer_ms") == Approx(7.6));
  CHECK(validate::find_metric(r, "throughput_rps") == nullptr);  // no window length known
  CHECK(r.resources[0].energy_j == Approx(54200));
  CHECK(r.resources[0].mean_power_w == Approx(250));  // the gauge, without a window
}

TEST_CASE("Triton metrics: sample timestamps give the window length", "[unit]") {
  const std::string dir = test::scratch_dir("importers-prom-ts");
  std::ofstream(dir + "/before.prom")
      << "nv_inference_request_success{model=\"m\",version=\"3\"} 100 1700000000000\n";
  std::ofstream(dir + "/after.prom")
      << "nv_inference_request_success{model=\"m\",version=\"3\"} 400 1700000010000\n";
  const auto runs = validate::import_triton_metrics(dir + "/after.prom", {dir + "/before.prom", 0});
  REQUIRE(runs.size() == 1);
  CHECK(metric(runs[0], "throughput_rps") == Approx(30.0));  // 300 over 10 s
  CHECK(metric(runs[0], "duration_s") == Approx(10.0));
}

TEST_CASE("Triton metrics: malformed scrapes name the file and line", "[unit]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(validate::import_triton_metrics(fixture("triton_bad_value.prom")),
                    Contains("triton_bad_value.prom:3: value 'lots' of "
                             "nv_inference_queue_duration_us is not a number"));
  CHECK_THROWS_WITH(validate::import_triton_metrics(fixture("triton_bad_label.prom")),
                    Contains("triton_bad_label.prom:4: "));
  CHECK_THROWS_WITH(validate::import_triton_metrics(fixture("node_exporter.prom")),
                    Contains("node_exporter.prom: no nv_inference_request_success samples"));
  CHECK_THROWS_WITH(validate::import_triton_metrics(fixture("empty.txt")), Contains("empty file"));
  // Swapped scrapes: the counters go down.
  CHECK_THROWS_WITH(
      validate::import_triton_metrics(fixture("triton_before.prom"),
                                      {fixture("triton_after.prom"), 0}),
      Contains("triton_before.prom:3: nv_inference_request_success{model=\"resnet50\"} fell "
               "from 5000") &&
          Contains("restarted"));
}
