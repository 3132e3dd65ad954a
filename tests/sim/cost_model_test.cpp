// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/cost_model.hpp"

#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace servesim::sim;
using servesim::test::tiny_costs;

namespace {
CostQuery query(const std::string& device, const std::string& op, int batch, std::int64_t pixels,
                const std::string& model = "") {
  CostQuery q;
  q.device = device;
  q.op = op;
  q.model = model;
  q.batch = batch;
  q.input_pixels = pixels;
  return q;
}
}  // namespace

TEST_CASE("measured points are returned with their stored quantiles", "[unit]") {
  const CostModel costs = tiny_costs();
  const CostEstimate e = costs.estimate(query("testcpu", "jpeg_decode", 1, 100000));
  CHECK(e.basis == "measured");
  CHECK(e.table == "testcpu-handmade");
  CHECK(e.duration_ns.mean() == Approx(1'000'000));
  CHECK(e.duration_ns.quantile(0.0) == Approx(800'000).epsilon(0.01));
  CHECK(e.duration_ns.quantile(1.0) == Approx(1'200'000).epsilon(0.01));
}

TEST_CASE("between points the cost is interpolated, outside extrapolated", "[unit]") {
  const CostModel costs = tiny_costs();
  // jpeg_decode is 10 ns per pixel at 1e5 and 1e6 pixels.
  const CostEstimate mid = costs.estimate(query("testcpu", "jpeg_decode", 1, 550000));
  CHECK(mid.basis == "interpolated");
  CHECK(mid.duration_ns.mean() == Approx(5'500'000));
  const CostEstimate big = costs.estimate(query("testcpu", "jpeg_decode", 1, 2000000));
  CHECK(big.basis == "extrapolated");
  CHECK(big.duration_ns.mean() == Approx(20'000'000));
  // GPU inference: 1.25 ms at batch 1, 3 ms at 8, 9 ms at 32.
  CostQuery infer = query("testgpu", "infer", 4, 50176, "tinynet");
  CHECK(costs.estimate(infer).duration_ns.mean() == Approx(2'000'000));
  infer.batch = 20;
  CHECK(costs.estimate(infer).duration_ns.mean() == Approx(6'000'000));
  infer.batch = 64;
  CHECK(costs.estimate(infer).basis == "extrapolated");
  CHECK(costs.estimate(infer).duration_ns.mean() == Approx(17'000'000));
}

TEST_CASE("a stored fit is used outside the measured range", "[unit]") {
  CostModel costs = tiny_costs();
  costs.add_sql_text("fit", R"(
    INSERT INTO cost_tables VALUES (1, 'fitcpu', 'fitcpu', 'x', 'now', 'none', 'measured', 'test', 'test');
    INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, output_bytes, mean_ns,
      min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples) VALUES
      (1, 'resize', 1, 1000, 0, 0, 1000, 1000, 1000, 1000, 1000, 1000, 10),
      (1, 'resize', 1, 2000, 0, 0, 2500, 2500, 2500, 2500, 2500, 2500, 10);
    INSERT INTO cost_fits VALUES (1, 'resize', '', '', '', 'pixels', 0, 2.0, 0.99, 2, 1000, 2000);
  )");
  const CostEstimate e = costs.estimate(query("fitcpu", "resize", 1, 4000));
  CHECK(e.basis == "fit");
  // From the nearest point (2000 px, 2500 ns) along the fitted slope of 2 ns per pixel.
  CHECK(e.duration_ns.mean() == Approx(6500));
}

TEST_CASE("sampling reproduces the stored mean", "[unit]") {
  const CostModel costs = tiny_costs();
  const Distribution d = costs.estimate(query("testcpu", "jpeg_decode", 1, 100000)).duration_ns;
  RngStream rng(5, "cost");
  double sum = 0;
  for (int i = 0; i < 100000; ++i) sum += d.sample(rng);
  CHECK(sum / 100000 == Approx(1'000'000).epsilon(0.003));
}

TEST_CASE("a later table replaces an earlier one for its device", "[unit]") {
  CostModel costs = tiny_costs();
  costs.add_sql_text("override", R"(
    INSERT INTO cost_tables VALUES (7, 'testcpu-measured', 'testcpu', 'x', 'now', 'none', 'measured', 'test', 'test');
    INSERT INTO cost_points (table_id, op, batch, input_pixels, input_bytes, output_bytes, mean_ns,
      min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples) VALUES
      (7, 'jpeg_decode', 1, 100000, 0, 0, 42, 42, 42, 42, 42, 42, 10);
  )");
  CHECK(costs.estimate(query("testcpu", "jpeg_decode", 1, 100000)).duration_ns.mean() ==
        Approx(42));
  CHECK_THROWS_AS(costs.estimate(query("testcpu", "resize", 1, 100000)), CostLookupError);
  CHECK(costs.estimate(query("testgpu", "resize", 1, 100000)).duration_ns.mean() == Approx(20000));
}

TEST_CASE("missing cost data says what exists and what to do", "[unit]") {
  const CostModel costs = tiny_costs();
  CHECK_THROWS_WITH(costs.estimate(query("a100", "infer", 1, 50176, "tinynet")),
                    Catch::Contains("no table covers this device") && Catch::Contains("testgpu") &&
                        Catch::Contains("servesim calibrate"));
  CHECK_THROWS_WITH(costs.estimate(query("testgpu", "infer", 1, 50176, "resnet50")),
                    Catch::Contains("the device has:") && Catch::Contains("infer:tinynet"));
  CHECK_THROWS_WITH(CostModel().add_sql_text("broken", "INSERT INTO nowhere VALUES (1);"),
                    Catch::Contains("broken"));
}
