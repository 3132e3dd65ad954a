// SPDX-License-Identifier: Apache-2.0
#include "sim/random/distribution.hpp"

#include "sim/random/rng_stream.hpp"
#include "sim/random/shared_draw.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace servesim::sim;

namespace {
struct Moments {
  double mean;
  double variance;
};

Moments sample_moments(const Distribution& d, int n, const char* stream) {
  RngStream rng(2024, stream);
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = d.sample(rng);
    REQUIRE(x >= 0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, sum_sq / n - mean * mean};
}

void check_moments(const Distribution& d, const char* stream) {
  constexpr int kSamples = 400'000;
  const Moments m = sample_moments(d, kSamples, stream);
  INFO(d.describe() << " sample mean " << m.mean << " variance " << m.variance);
  // The mean of n draws is within 5 standard errors of the true mean (fails with p < 1e-6).
  const double standard_error = std::sqrt(d.variance() / kSamples);
  CHECK(std::abs(m.mean - d.mean()) <= 5 * standard_error + 1e-12);
  CHECK(m.variance == Approx(d.variance()).epsilon(0.04).margin(1e-12));
}
}  // namespace

TEST_CASE("named streams are deterministic and independent", "[unit]") {
  RngStream a1(7, "arrivals");
  RngStream a2(7, "arrivals");
  RngStream s(7, "service");
  RngStream other_seed(8, "arrivals");
  int same_as_service = 0;
  int same_as_other_seed = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a1.next_u64();
    REQUIRE(x == a2.next_u64());
    same_as_service += x == s.next_u64();
    same_as_other_seed += x == other_seed.next_u64();
  }
  CHECK(same_as_service == 0);
  CHECK(same_as_other_seed == 0);
  // Pinned first output: a change of generator or seeding would change every stored result.
  CHECK(RngStream(1, "arrivals").next_u64() == 6777504604097017528ULL);
}

TEST_CASE("uniform01 stays strictly inside (0, 1)", "[unit]") {
  RngStream rng(1, "u");
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
  }
}

TEST_CASE("each distribution has the moments it claims", "[unit]") {
  check_moments(Distribution::exponential(2.0), "exp");
  check_moments(Distribution::uniform(1.0, 3.0), "uniform");
  check_moments(Distribution::lognormal(1.0, 0.5), "lognormal-0.5");
  check_moments(Distribution::lognormal(3.0, 1.0), "lognormal-1");
  check_moments(Distribution::gamma(2.5, 0.4), "gamma");
  check_moments(Distribution::gamma(0.5, 2.0), "gamma-small-shape");
  check_moments(
      Distribution::empirical({{0.0, 1.0}, {0.5, 2.0}, {0.9, 3.0}, {0.99, 6.0}, {1.0, 10.0}}),
      "empirical");
  const Distribution d = Distribution::deterministic(4.0);
  RngStream rng(1, "d");
  CHECK(d.sample(rng) == 4.0);
  CHECK(d.variance() == 0.0);
}

TEST_CASE("closed-form moments match hand computation", "[unit]") {
  CHECK(Distribution::exponential(2.0).variance() == Approx(4.0));
  CHECK(Distribution::lognormal(1.0, 0.5).mean() == Approx(1.0));
  CHECK(std::sqrt(Distribution::lognormal(1.0, 0.5).variance()) == Approx(0.5));
  CHECK(Distribution::gamma(2.0, 3.0).mean() == Approx(6.0));
  // Uniform on [0, 2] written as an empirical distribution.
  const Distribution flat = Distribution::empirical({{0.0, 0.0}, {1.0, 2.0}});
  CHECK(flat.mean() == Approx(1.0));
  CHECK(flat.variance() == Approx(4.0 / 12.0));
  CHECK(flat.quantile(0.25) == Approx(0.5));
}

TEST_CASE("the normal quantile matches known values", "[unit]") {
  CHECK(standard_normal_quantile(0.5) == Approx(0.0).margin(1e-9));
  CHECK(standard_normal_quantile(0.975) == Approx(1.959963985).epsilon(1e-8));
  CHECK(standard_normal_quantile(0.001) == Approx(-3.090232306).epsilon(1e-8));
}

TEST_CASE("bad distribution parameters are refused with a reason", "[unit]") {
  CHECK_THROWS_WITH(Distribution::exponential(0), Catch::Contains("mean must be > 0"));
  CHECK_THROWS_WITH(Distribution::empirical({{0.0, 2.0}, {1.0, 1.0}}),
                    Catch::Contains("must not decrease"));
  CHECK_THROWS_WITH(Distribution::empirical({{0.1, 1.0}, {1.0, 2.0}}),
                    Catch::Contains("probability 0"));
}

TEST_CASE("a shared draw keeps each draw uniform and correlates their normal scores", "[unit]") {
  RngStream common_rng(7, "common"), own_rng(7, "own");
  CHECK(shared_uniform(0.3, 0.8, 0.0) == 0.8);  // no share: the draw's own
  // Two draws sharing each common value: their normal scores correlate by the share, and each
  // is still uniform (mean 1/2, a tenth below 0.1).
  for (const double share : {0.5, 0.9}) {
    double sum_u = 0, product = 0, squares = 0;
    int low = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      const double common = common_rng.uniform01();
      const double a = shared_uniform(common, own_rng.uniform01(), share);
      const double b = shared_uniform(common, own_rng.uniform01(), share);
      REQUIRE(a > 0);
      REQUIRE(a < 1);
      sum_u += a;
      low += a < 0.1;
      const double za = standard_normal_quantile(a), zb = standard_normal_quantile(b);
      product += za * zb;
      squares += za * za;
    }
    INFO("share " << share);
    CHECK(sum_u / n == Approx(0.5).margin(0.01));
    CHECK(low / static_cast<double>(n) == Approx(0.1).margin(0.01));
    CHECK(product / squares == Approx(share).margin(0.03));
  }
}
