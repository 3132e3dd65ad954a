// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/batch_means.hpp"

#include "sim/random/distribution.hpp"
#include "sim/stats/sample_moments.hpp"
#include "sim/stats/student_t.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace servesim::sim;

TEST_CASE("batch means covers the true mean at about the nominal rate", "[unit]") {
  // 200 independent replications of 20k exponential draws: the 95% interval should hold the true
  // mean in roughly 95% of them (binomial: 180..199 is far beyond chance otherwise).
  int covered = 0;
  for (int rep = 0; rep < 200; ++rep) {
    RngStream rng(static_cast<std::uint64_t>(rep), "bm");
    const Distribution d = Distribution::exponential(1000.0);
    BatchMeansRecorder recorder;
    for (int i = 0; i < 20000; ++i) recorder.record(static_cast<std::int64_t>(d.sample(rng)));
    const Estimate e = recorder.mean();
    REQUIRE(e.batches >= 32);
    REQUIRE(e.batches < 64);
    // Truncation to integers lowers the mean by about half a nanosecond.
    covered += std::abs(e.value - 999.5) <= e.ci95_halfwidth;
  }
  CHECK(covered >= 180);
  CHECK(covered <= 199);
}

TEST_CASE("the interval narrows like one over root n", "[unit]") {
  RngStream rng(9, "bm");
  const Distribution d = Distribution::exponential(1000.0);
  BatchMeansRecorder small;
  BatchMeansRecorder large;
  for (int i = 0; i < 10000; ++i) small.record(static_cast<std::int64_t>(d.sample(rng)));
  for (int i = 0; i < 160000; ++i) large.record(static_cast<std::int64_t>(d.sample(rng)));
  const double ratio = small.mean().ci95_halfwidth / large.mean().ci95_halfwidth;
  CHECK(ratio > 2.5);
  CHECK(ratio < 6.5);
  CHECK(large.percentile(0.99).ci95_halfwidth > 0);
  CHECK(large.percentile(0.99).value == Approx(1000 * std::log(100.0)).epsilon(0.03));
}

TEST_CASE("Student t critical values", "[unit]") {
  CHECK(student_t_975(1) == Approx(12.706));
  CHECK(student_t_975(30) == Approx(2.042));
  CHECK(student_t_975(31) == Approx(2.0395).epsilon(1e-3));
  CHECK(student_t_975(63) == Approx(1.9983).epsilon(1e-3));
  CHECK(student_t_975(100000) == Approx(1.95996).epsilon(1e-4));
}

TEST_CASE("sample moments and the interval of a mean of independent values", "[unit]") {
  const SampleMoments m = sample_moments({1, 2, 3, 4});
  CHECK(m.mean == Approx(2.5));
  CHECK(m.stddev == Approx(std::sqrt(5.0 / 3)));
  // Large values with a small spread keep their spread (two passes, not sum of squares).
  CHECK(sample_moments({1e12 + 1, 1e12 + 3}).stddev == Approx(std::sqrt(2.0)));
  CHECK(sample_moments({7}).stddev == 0.0);
  CHECK_THROWS(sample_moments({}));
  // t(0.975, 3) s / sqrt(4).
  CHECK(mean_ci95_halfwidth({1, 2, 3, 4}) == Approx(3.182 * std::sqrt(5.0 / 3) / 2));
  CHECK(mean_ci95_halfwidth({5}) == 0.0);
}
