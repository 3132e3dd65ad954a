// SPDX-License-Identifier: Apache-2.0
#include "calib/store/cost_point_stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using servesim::calib::CostPointStats;
using servesim::calib::sorted_quantile;

TEST_CASE("stats of ten samples match hand-computed type-7 quantiles", "[unit]") {
  // Sorted: 10 20 ... 100, given shuffled. h = q * 9.
  // p50: h = 4.5 -> 50 + 0.5 * 10 = 55; p90: h = 8.1 -> 90 + 0.1 * 10 = 91;
  // p99: h = 8.91 -> 90 + 0.91 * 10 = 99.1. Mean 55, sample variance 9166.67 -> sd 30.2765.
  const CostPointStats s = CostPointStats::from_samples({70, 10, 100, 40, 30, 90, 20, 60, 50, 80});
  CHECK(s.samples == 10);
  CHECK(s.mean_ns == Approx(55.0));
  CHECK(s.stddev_ns == Approx(30.276503540974915));
  CHECK(s.min_ns == 10.0);
  CHECK(s.max_ns == 100.0);
  CHECK(s.p50_ns == Approx(55.0));
  CHECK(s.p90_ns == Approx(91.0));
  CHECK(s.p99_ns == Approx(99.1));
}

TEST_CASE("stats of an odd count and of a single sample", "[unit]") {
  // 1, 2, 3, 4, 1000: p50 is the middle order statistic; p90 h = 3.6 -> 4 + 0.6 * 996 = 601.6.
  const CostPointStats s = CostPointStats::from_samples({1000, 3, 1, 4, 2});
  CHECK(s.p50_ns == Approx(3.0));
  CHECK(s.p90_ns == Approx(601.6));
  CHECK(s.p99_ns == Approx(4 + 0.96 * 996));
  CHECK(s.mean_ns == Approx(202.0));

  const CostPointStats one = CostPointStats::single(42.0);
  CHECK(one.samples == 1);
  CHECK(one.stddev_ns == 0.0);
  CHECK(one.min_ns == 42.0);
  CHECK(one.p99_ns == 42.0);
  CHECK(one.max_ns == 42.0);
}

TEST_CASE("quantiles of a large uniform grid sit where they should", "[unit]") {
  // 0..1000 in steps of 1: the q-quantile of 1001 evenly spaced points is exactly 1000 q.
  std::vector<double> values(1001);
  std::iota(values.begin(), values.end(), 0.0);
  std::reverse(values.begin(), values.end());
  const CostPointStats s = CostPointStats::from_samples(values);
  CHECK(s.p50_ns == Approx(500.0));
  CHECK(s.p90_ns == Approx(900.0));
  CHECK(s.p99_ns == Approx(990.0));
  std::sort(values.begin(), values.end());
  CHECK(sorted_quantile(values, 0.25) == Approx(250.0));
  CHECK(sorted_quantile(values, 1.0) == 1000.0);
  CHECK(sorted_quantile(values, 0.0) == 0.0);
}

TEST_CASE("bad samples are rejected with the reason", "[unit]") {
  CHECK_THROWS_WITH(CostPointStats::from_samples({}), Catch::Contains("at least one sample"));
  CHECK_THROWS_WITH(CostPointStats::from_samples({1.0, -2.0}),
                    Catch::Contains("#1") && Catch::Contains("non-negative"));
  CHECK_THROWS_AS(CostPointStats::from_samples({std::numeric_limits<double>::quiet_NaN()}),
                  std::invalid_argument);
  CHECK_THROWS_AS(sorted_quantile({1.0, 2.0}, 1.5), std::invalid_argument);
}
