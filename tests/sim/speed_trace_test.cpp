// SPDX-License-Identifier: Apache-2.0
// The machine's speed over time: a trace's lookups, its CSV form and its errors, and what it
// does to a simulated run (cpu pools' calls slow down by its factor, nothing else does).
#include "sim/serving/speed_trace.hpp"

#include "sim/serving/serving_simulation.hpp"
#include "tests/sim/serving_fixtures.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace servesim::sim;

namespace {

double category_ms(const ServingResult& r, Category c) {
  return r.breakdown_ms[static_cast<std::size_t>(c)];
}

ServingResult run_with(SpeedTrace trace) {
  ServingConfig config = servesim::test::serving_config(servesim::test::kDecodeOnlyServer, 4.0, 3);
  config.concurrency = 1;
  config.cpu_speed = std::move(trace);
  return run_serving(config, servesim::test::tiny_costs());
}

std::string write_csv(const std::string& name, const std::string& text) {
  const std::string path = servesim::test::scratch_dir("speed-trace") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("a speed trace answers by window and holds its last factor", "[unit]") {
  const SpeedTrace trace{duration_from_s(1.0), {1.0, 2.0, 0.5}};
  CHECK(trace.at(0) == 1.0);
  CHECK(trace.at(duration_from_s(1.0) - 1) == 1.0);
  CHECK(trace.at(duration_from_s(1.0)) == 2.0);
  CHECK(trace.at(duration_from_s(2.5)) == 0.5);
  CHECK(trace.at(duration_from_s(100.0)) == 0.5);
  CHECK(SpeedTrace{}.at(duration_from_s(3.0)) == 1.0);
  CHECK_THROWS_WITH((SpeedTrace{duration_from_s(1.0), {1.0, 0.0}}.validate()),
                    Catch::Contains("window 1") && Catch::Contains("positive"));
}

TEST_CASE("a speed trace reads from CSV; a bad row is named by file and line", "[unit]") {
  const SpeedTrace trace =
      SpeedTrace::read_csv(write_csv("good.csv", "time_s,factor\n0,1.0\n0.5,1.25\n1.0,0.8\n"));
  CHECK(trace.window_ns == duration_from_s(0.5));
  CHECK(trace.factors == std::vector<double>{1.0, 1.25, 0.8});
  CHECK(SpeedTrace::read_csv(write_csv("one.csv", "time_s,factor\n0,1.5\n")).at(0) == 1.5);

  const std::pair<const char*, const char*> bad[] = {
      {"time,speed\n0,1\n", ":1: expected the header 'time_s,factor'"},
      {"time_s,factor\n0,fast\n", ":2: expected two numbers"},
      {"time_s,factor\n0,1,2\n", ":2: expected two numbers"},
      {"time_s,factor\n0,1\n1,-0.5\n", ":3: factor must be positive"},
      {"time_s,factor\n1,1\n", ":2: time_s must start at 0"},
      {"time_s,factor\n0,1\n1,1\n3,1\n", ":4: time_s must start at 0 and go up in equal steps"},
      {"time_s,factor\n", "the speed trace has no rows"}};
  int n = 0;
  for (const auto& [text, message] : bad) {
    const std::string path = write_csv("bad" + std::to_string(n++) + ".csv", text);
    CHECK_THROWS_WITH(SpeedTrace::read_csv(path),
                      Catch::StartsWith(path) && Catch::Contains(message));
  }
  CHECK_THROWS_WITH(SpeedTrace::read_csv("/nonexistent/speed.csv"),
                    Catch::Contains("cannot read the speed trace"));
}

TEST_CASE("a cpu pool's calls take the trace's factor times their table time", "[unit]") {
  const ServingResult steady = run_with({});
  const ServingResult slow = run_with({duration_from_s(1.0), {2.0}});
  // Decode runs on the cpu pool and takes twice as long; the network stages do not slow down.
  CHECK(category_ms(slow, Category::kPreprocessing) ==
        Approx(2 * category_ms(steady, Category::kPreprocessing)).epsilon(0.01));
  CHECK(category_ms(slow, Category::kNetwork) ==
        Approx(category_ms(steady, Category::kNetwork)).epsilon(1e-9));
  // Slow from 2 s of 4: of the measured window (0.4-4 s) 1.6 s are fast and 2 s slow, and a
  // slow request takes longer, so fewer than 2/3.6 of the calls are slow but more than 1/3.
  const ServingResult half = run_with({duration_from_s(1.0), {1.0, 1.0, 2.0}});
  const double ratio =
      category_ms(half, Category::kPreprocessing) / category_ms(steady, Category::kPreprocessing);
  CHECK(ratio > 1.0 + 1.0 / 3);
  CHECK(ratio < 1.0 + 2.0 / 3.6);
}

TEST_CASE("a run's provenance records its speed trace, and only when it has one", "[unit]") {
  ServingConfig config = servesim::test::serving_config(servesim::test::kDecodeOnlyServer, 4.0, 3);
  config.concurrency = 1;
  CHECK_FALSE(nlohmann::json::parse(config.to_json()).contains("cpu_speed"));
  config.cpu_speed = {duration_from_s(0.5), {1.0, 1.5}};
  const auto j = nlohmann::json::parse(config.to_json());
  CHECK(j["cpu_speed"]["window_s"] == 0.5);
  CHECK(j["cpu_speed"]["factors"] == nlohmann::json::array({1.0, 1.5}));
}
