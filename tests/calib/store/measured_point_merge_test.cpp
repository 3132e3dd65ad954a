// SPDX-License-Identifier: Apache-2.0
// Layering points measured in situ over a device's base rows: replaced, scaled or carried.
#include "calib/store/measured_point_merge.hpp"

#include <catch2/catch.hpp>

using namespace servesim::calib;

namespace {

CostPoint point(const std::string& op, const std::string& model, std::int64_t batch,
                std::int64_t pixels, double mean_ns) {
  CostPoint p;
  p.op = op;
  p.model = model;
  p.precision = model.empty() ? "" : "fp32";
  p.batch = batch;
  p.input_pixels = pixels;
  p.stats = CostPointStats::from_samples({0.8 * mean_ns, mean_ns, 1.2 * mean_ns});
  p.source = "base";
  return p;
}

const CostPoint* find(const std::vector<CostPoint>& points, const std::string& op,
                      std::int64_t batch, std::int64_t pixels) {
  for (const CostPoint& p : points) {
    if (p.op == op && p.batch == batch && p.input_pixels == pixels) return &p;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a measured point replaces the base point of its key", "[unit]") {
  const std::vector<CostPoint> base = {point("infer", "mobilenetv2", 1, 50176, 10e6),
                                       point("infer", "mobilenetv2", 4, 50176, 40e6)};
  MeasuredPoint m{point("infer", "mobilenetv2", 1, 50176, 12e6), 10e6};
  m.point.source = "in situ";
  const auto merged = merge_measured_points(base, {m});
  REQUIRE(merged.size() == 2);
  const CostPoint* b1 = find(merged, "infer", 1, 50176);
  REQUIRE(b1);
  CHECK(b1->source == "in situ");
  CHECK(b1->stats.mean_ns == Approx(12e6));
  // The other batch of the same series takes the measured ratio (1.2) on every statistic.
  const CostPoint* b4 = find(merged, "infer", 4, 50176);
  REQUIRE(b4);
  CHECK(b4->stats.mean_ns == Approx(48e6));
  CHECK(b4->stats.max_ns == Approx(1.2 * 48e6));
  CHECK(b4->stats.min_ns == Approx(0.8 * 48e6));
  CHECK(b4->stats.finer_ns[2] == Approx(1.2 * base[1].stats.finer_ns[2]));  // p25 too
  CHECK_THAT(b4->source, Catch::StartsWith("base; scaled x1.200"));
}

TEST_CASE("unmeasured points take the ratio of the nearest measured point", "[unit]") {
  const std::vector<CostPoint> base = {
      point("jpeg_decode", "", 1, 100000, 1e6), point("jpeg_decode", "", 1, 1000000, 5e6),
      point("jpeg_decode", "", 1, 10000000, 30e6), point("normalize", "", 1, 50176, 0.2e6)};
  const std::vector<MeasuredPoint> measured = {
      {point("jpeg_decode", "", 1, 120000, 1.1e6), 1e6},    // x1.1 near the small end
      {point("jpeg_decode", "", 1, 9000000, 24e6), 30e6}};  // x0.8 near the large end
  const auto merged = merge_measured_points(base, measured);
  // Both measured points are added beside the base ones (different sizes); the base points
  // are scaled by the nearer on a log scale: 1e6 px is nearer 120e3 (x8.3) than 9e6 (x9).
  CHECK(merged.size() == 6);
  CHECK(find(merged, "jpeg_decode", 1, 100000)->stats.mean_ns == Approx(1.1e6));
  CHECK(find(merged, "jpeg_decode", 1, 1000000)->stats.mean_ns == Approx(5.5e6));
  CHECK(find(merged, "jpeg_decode", 1, 10000000)->stats.mean_ns == Approx(24e6));
  // A series nothing measured is carried as it was.
  const CostPoint* n = find(merged, "normalize", 1, 50176);
  REQUIRE(n);
  CHECK(n->stats.mean_ns == Approx(0.2e6));
  CHECK(n->source == "base");
}

TEST_CASE("a measured point without a base estimate stands alone and scales nothing", "[unit]") {
  const std::vector<CostPoint> base = {point("infer", "mobilenetv2", 4, 50176, 40e6)};
  const std::vector<MeasuredPoint> measured = {{point("infer", "mobilenetv2", 2, 50176, 9e6), 0}};
  const auto merged = merge_measured_points(base, measured);
  REQUIRE(merged.size() == 2);
  CHECK(find(merged, "infer", 4, 50176)->stats.mean_ns == Approx(40e6));
  CHECK(find(merged, "infer", 2, 50176)->stats.mean_ns == Approx(9e6));
  // Sorted by key: batch 2 before batch 4.
  CHECK(merged.front().batch == 2);
}

TEST_CASE("a scaled point keeps its throughput: in-situ timings say nothing of capacity",
          "[unit]") {
  CostPoint small = point("broker", "redis", 1, 0, 30e3);
  small.input_bytes = 4096;
  small.throughput_per_s = 20000;
  CostPoint large = small;
  large.input_bytes = 65536;
  large.throughput_per_s = 9000;
  CostPoint live = small;
  live.stats = CostPointStats::from_samples({300e3, 300e3});  // ten times the probe's latency
  const auto merged = merge_measured_points({small, large}, {{live, 30e3}});
  REQUIRE(merged.size() == 2);
  const CostPoint& scaled = merged[0].input_bytes == 65536 ? merged[0] : merged[1];
  CHECK(scaled.stats.mean_ns == Approx(300e3));  // 30 us x 10
  REQUIRE(scaled.throughput_per_s);
  CHECK(*scaled.throughput_per_s == Approx(9000));
}

TEST_CASE("an unmeasured batch takes the other device's ratio for it, times this device's",
          "[unit]") {
  // Alone: batch 1 measured 1.2x its base. Beside another call: batches 1 and 4 measured, 1.1x
  // and 0.9x theirs. The alone batch of four is 0.9 x (1.2 / 1.1) of its base, not 1.2x.
  const std::vector<CostPoint> base = {point("infer", "mobilenetv2", 1, 50176, 10e6),
                                       point("infer", "mobilenetv2", 2, 50176, 20e6),
                                       point("infer", "mobilenetv2", 4, 50176, 40e6)};
  const std::vector<MeasuredPoint> alone = {{point("infer", "mobilenetv2", 1, 50176, 12e6), 10e6}};
  const std::vector<MeasuredPoint> corun = {{point("infer", "mobilenetv2", 1, 50176, 12.1e6), 11e6},
                                            {point("infer", "mobilenetv2", 4, 50176, 45e6), 50e6}};
  const auto merged = merge_measured_points(base, alone, corun);
  const CostPoint* b4 = find(merged, "infer", 4, 50176);
  REQUIRE(b4);
  CHECK(b4->stats.mean_ns == Approx(40e6 * 0.9 * 1.2 / 1.1));
  CHECK_THAT(b4->source, Catch::Contains("on the pool's other device") &&
                             Catch::Contains("ratio to it at batch 1"));
  // The other device has no batch of two: the nearest measured batch's ratio, as before.
  const CostPoint* b2 = find(merged, "infer", 2, 50176);
  REQUIRE(b2);
  CHECK(b2->stats.mean_ns == Approx(24e6));
  // Without a call measured on both devices there is nothing to carry the ratio across.
  const auto lone = merge_measured_points(base, alone, {corun[1]});
  CHECK(find(lone, "infer", 4, 50176)->stats.mean_ns == Approx(48e6));
}
