// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/latency_histogram.hpp"
#include "tests/validate/importers/fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "validate/importers/json_locator.hpp"
#include "validate/importers/json_pruned_parse.hpp"
#include "validate/importers/perf_json_importer.hpp"

using namespace servesim;
using servesim::test::fixture;
using servesim::test::metric;

TEST_CASE("perf_analyzer profile export: requests become per-request rows", "[unit]") {
  const auto runs = validate::import_perf_json(fixture("profile.json"));
  REQUIRE(runs.size() == 2);
  const sim::RunResult& c2 = runs[0];
  CHECK(c2.provenance.tag == "concurrency=2");
  CHECK(c2.provenance.kind == "imported");
  // Five requests; the one without a response is left out; ids follow send order, times are
  // from the first send; the two-response request is done at its last response.
  REQUIRE(c2.requests.size() == 4);
  const std::int64_t expected[4][2] = {
      {0, 2'000'000}, {500'000, 3'500'000}, {1'000'000, 2'000'000}, {2'000'000, 6'000'000}};
  for (int i = 0; i < 4; ++i) {
    CHECK(c2.requests[static_cast<std::size_t>(i)].request_id == i);
    CHECK(c2.requests[static_cast<std::size_t>(i)].sent_ns == expected[i][0]);
    CHECK(c2.requests[static_cast<std::size_t>(i)].done_ns == expected[i][1]);
    CHECK(c2.requests[static_cast<std::size_t>(i)].parent_id == -1);
  }
  CHECK(metric(c2, "requests") == 4);
  CHECK(metric(c2, "requests_without_response") == 1);
}

TEST_CASE("perf_analyzer profile export: percentiles and throughput from the requests", "[unit]") {
  const auto runs = validate::import_perf_json(fixture("profile.json"));
  const sim::RunResult& c2 = runs[0];
  // Latencies 2, 3, 4, 1 ms. perf_analyzer's rule: sorted[round(p * (n - 1))], n = 4.
  CHECK(metric(c2, "latency_ms.mean") == Approx(2.5));
  CHECK(metric(c2, "latency_ms.min") == Approx(1.0));
  CHECK(metric(c2, "latency_ms.max") == Approx(4.0));
  CHECK(metric(c2, "latency_ms.p50") == Approx(3.0));  // round(1.5) = 2 -> 3 ms
  CHECK(metric(c2, "latency_ms.p90") == Approx(4.0));  // round(2.7) = 3
  CHECK(metric(c2, "latency_ms.p95") == Approx(4.0));
  CHECK(metric(c2, "latency_ms.p99") == Approx(4.0));
  // Windows [1 ms, 5 ms]: three responses land inside (2, 3.5, 2 ms; not 6 ms) -> 3 / 4 ms.
  CHECK(metric(c2, "throughput_rps") == Approx(750.0));
  CHECK(metric(c2, "duration_s") == Approx(0.004));
  // The histogram uses the simulator's buckets and holds each responded request once.
  std::uint64_t total = 0;
  for (const auto& h : c2.histogram) {
    CHECK(h.series == "latency");
    total += h.count;
  }
  CHECK(total == 4);
  const int bucket_1ms = sim::LatencyHistogram::bucket_index(1'000'000);
  CHECK(c2.histogram.front().lower_ns ==
        static_cast<std::int64_t>(sim::LatencyHistogram::bucket_lower(bucket_1ms)));

  const sim::RunResult& rate = runs[1];
  CHECK(rate.provenance.tag == "request_rate=10.5");
  REQUIRE(rate.requests.size() == 3);
  CHECK(rate.requests[2].sent_ns == 200'000'000);
  CHECK(rate.requests[2].done_ns == 205'000'000);
  // Latencies 10, 25, 5 ms; no windows: 3 responses over first send -> last response (205 ms).
  CHECK(metric(rate, "latency_ms.mean") == Approx(40.0 / 3));
  CHECK(metric(rate, "latency_ms.p50") == Approx(10.0));
  CHECK(metric(rate, "latency_ms.p90") == Approx(25.0));
  CHECK(metric(rate, "throughput_rps") == Approx(3 / 0.205));
  const auto config = nlohmann::json::parse(rate.provenance.config_json);
  CHECK(config["format"] == "perf-json");
  CHECK(config["load_value"] == 10.5);
  CHECK(config["experiment_index"] == 1);
  CHECK(config["perf_analyzer_version"] == "2.41.0");
  CHECK(config["throughput_window"] == "first send to last response");
}

TEST_CASE("perf_analyzer profile export: errors name file, line, column and JSON path", "[unit]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(validate::import_perf_json(fixture("profile_missing_timestamp.json")),
                    Contains("profile_missing_timestamp.json:7:9: experiments[0].requests[1]: "
                             "no 'timestamp'"));
  CHECK_THROWS_WITH(validate::import_perf_json(fixture("profile_bad_timestamp.json")),
                    Contains("profile_bad_timestamp.json:9:") &&
                        Contains("experiments[0].requests[2].timestamp: holds \"soon\""));
  CHECK_THROWS_WITH(validate::import_perf_json(fixture("profile_syntax.json")),
                    Contains("profile_syntax.json:5:") && Contains("not valid JSON"));
  CHECK_THROWS_WITH(validate::import_perf_json(fixture("empty.txt")), Contains("empty file"));
  CHECK_THROWS_WITH(validate::import_perf_json(fixture("triton_after.prom")),
                    Contains("triton_after.prom:1:1: not valid JSON"));
}

TEST_CASE("JSON locator finds keys and array elements on one-line and pretty text", "[unit]") {
  const std::string one_line = R"({"a": [{"b": 1}, {"c": [5, 6]}], "d": "x"})";
  // Key positions are the column of the key's closing quote.
  const auto d = validate::locate_json_value(one_line, "/d");
  CHECK(d.line == 1);
  CHECK(d.column == 36);
  const auto element = validate::locate_json_value(one_line, "/a/1");
  CHECK(element.column == 18);  // its '{'
  // A missing member: the deepest existing ancestor.
  const auto missing = validate::locate_json_value(one_line, "/a/1/zz");
  CHECK(missing.column == 18);
  const std::string pretty = "{\n  \"a\": [\n    {\"b\": 1},\n    {\"c\": 2}\n  ]\n}\n";
  const auto c = validate::locate_json_value(pretty, "/a/1/c");
  CHECK(c.line == 4);
  CHECK(c.column == 8);
}

TEST_CASE("pruned JSON parse drops the named members at any depth and keeps the rest", "[unit]") {
  const std::string text = R"({"a": 1, "drop": {"x": [1, {"drop": 2}]}, "b": [{"drop": "s", "c": 3},
                                {"d": [true, null], "drop": [4, 5]}], "e": {"drop": 1.5}})";
  const auto doc = validate::parse_json_pruned(text, {"drop"});
  const auto expected = nlohmann::json::parse(R"({"a": 1, "b": [{"c": 3}, {"d": [true, null]}],
                                                  "e": {}})");
  CHECK(doc == expected);
  CHECK(validate::parse_json_pruned("[1, 2]", {"drop"}) == nlohmann::json::array({1, 2}));
  try {
    validate::parse_json_pruned("{\"a\": [1, 2,]}", {});
    FAIL("a trailing comma must not parse");
  } catch (const validate::JsonSyntaxError& e) {
    CHECK(e.byte == 13);  // the ']' after the comma
  }
}
