// SPDX-License-Identifier: Apache-2.0
// Completions per second over a window with a batch-means interval from equal parts of it.
#include "sim/stats/window_rate.hpp"

#include "sim/random/distribution.hpp"
#include "sim/random/rng_stream.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace servesim::sim;

TEST_CASE("a window rate counts its window's completions, both ends in, by part", "[unit]") {
  WindowRate rate(1'000'000'000, 3'000'000'000, 4);  // 2 s in parts of 0.5 s
  CHECK_FALSE(rate.record(999'999'999));             // before the window
  CHECK(rate.record(1'000'000'000));                 // its start: part 0
  CHECK(rate.record(1'499'999'999));                 // part 0
  CHECK(rate.record(2'000'000'000));                 // part 2
  CHECK(rate.record(3'000'000'000));                 // its end: the last part
  CHECK_FALSE(rate.record(3'000'000'001));
  CHECK(rate.count() == 4);
  const Estimate e = rate.per_s();
  CHECK(e.value == Approx(2.0));  // 4 in 2 s
  CHECK(e.batches == 4);
  // Parts' rates 4, 0, 2, 2 per s: deviation sqrt(8 / 3), t(0.975, 3) = 3.182, over sqrt(4).
  CHECK(e.ci95_halfwidth == Approx(3.182 * std::sqrt(8.0 / 3.0) / 2.0).epsilon(1e-3));

  CHECK_THROWS_WITH(WindowRate(5, 5), Catch::Contains("window is empty"));
  CHECK_THROWS_WITH(WindowRate(0, 10, 1), Catch::Contains("at least 2 parts"));
}

TEST_CASE("a steady rate's interval covers it at about the nominal rate", "[unit]") {
  // 200 runs of Poisson completions at 100/s over 27 s (a closed small run's window): the 95%
  // interval should hold 100/s in roughly 95% of them.
  int covered = 0;
  for (int rep = 0; rep < 200; ++rep) {
    RngStream rng(static_cast<std::uint64_t>(rep), "window-rate");
    const Distribution gap_ns = Distribution::exponential(1e7);
    WindowRate rate(3'000'000'000, 30'000'000'000);
    double t_ns = 3e9;
    while ((t_ns += gap_ns.sample(rng)) <= 30e9) rate.record(static_cast<std::int64_t>(t_ns));
    const Estimate e = rate.per_s();
    REQUIRE(e.batches == WindowRate::kDefaultParts);
    covered += std::abs(e.value - 100.0) <= e.ci95_halfwidth;
  }
  CHECK(covered >= 180);
  CHECK(covered <= 199);
}

TEST_CASE("a slow stretch in the window widens its rate's interval", "[unit]") {
  // The same completions, 100/s, except for a third of the window at half the rate.
  auto run = [](bool slow_stretch) {
    RngStream rng(7, "window-rate-stretch");
    WindowRate rate(0, 30'000'000'000);
    double t_ns = 0;
    while (t_ns <= 30e9) {
      const bool slow = slow_stretch && t_ns >= 10e9 && t_ns < 20e9;
      t_ns += Distribution::exponential(slow ? 2e7 : 1e7).sample(rng);
      rate.record(static_cast<std::int64_t>(t_ns));
    }
    return rate.per_s();
  };
  const Estimate steady = run(false);
  const Estimate stretch = run(true);
  CHECK(stretch.value < steady.value * 0.9);
  CHECK(stretch.ci95_halfwidth > 2 * steady.ci95_halfwidth);
}
