// SPDX-License-Identifier: Apache-2.0
// A cost point's stored quantiles joined by a curve that keeps every quantile and meets the
// stored mean: the straight line when that already does, weight kept near the lower end of a
// wide gap when the mean says the gap is mostly empty.
#include "sim/costs/quantile_bend.hpp"

#include <catch2/catch.hpp>

using namespace servesim::sim;

namespace {

/// The value of the knot at probability p (the knots keep every stored quantile as a knot).
double value_at(const std::vector<QuantilePoint>& knots, double p) {
  for (const QuantilePoint& k : knots) {
    if (k.probability == p) return k.value;
  }
  FAIL("no knot at probability " << p);
  return -1;
}

// A call that takes 10-12.5 ms up to p95, but whose p99 and max two stalls put at 40-41 ms.
const std::vector<QuantilePoint> kStalled = {{0.0, 10.0},  {0.5, 11.0},  {0.9, 12.0},
                                             {0.95, 12.5}, {0.99, 40.0}, {1.0, 41.0}};

}  // namespace

TEST_CASE("a line that already has the mean stays a line", "[unit]") {
  const std::vector<QuantilePoint> bent = bend_to_mean({{0.0, 0.0}, {1.0, 10.0}}, 5.0);
  REQUIRE(bent.size() == 9);  // the two stored quantiles and seven between
  for (const QuantilePoint& k : bent) CHECK(k.value == Approx(10.0 * k.probability));
}

TEST_CASE("a mean below the line keeps a wide gap's weight near its lower end", "[unit]") {
  const double line_mean = piecewise_linear_mean(kStalled);
  const double mean = 11.3;  // what the samples said: the stalls are rare, not spread
  REQUIRE(line_mean > mean + 0.5);
  const std::vector<QuantilePoint> bent = bend_to_mean(kStalled, mean);
  CHECK(piecewise_linear_mean(bent) == Approx(mean).epsilon(1e-12));
  for (const QuantilePoint& k : kStalled) {
    CHECK(value_at(bent, k.probability) == Approx(k.value).epsilon(1e-9));
  }
  const Distribution line = Distribution::empirical(kStalled);
  const Distribution curve = Distribution::empirical(bent);
  // Halfway through the gap the line is at 26 ms; the curve is still near p95.
  CHECK(line.quantile(0.97) == Approx(26.25));
  CHECK(curve.quantile(0.97) < 15.0);
  CHECK(curve.quantile(0.995) > 40.0);  // above p99 nothing moves
}

TEST_CASE("a mean above the line moves weight toward each segment's upper end", "[unit]") {
  const std::vector<QuantilePoint> knots = {{0.0, 2.0}, {0.5, 10.0}, {1.0, 12.0}};
  const double mean = 9.5;  // the line's is 8.5
  const std::vector<QuantilePoint> bent = bend_to_mean(knots, mean);
  CHECK(piecewise_linear_mean(bent) == Approx(mean).epsilon(1e-12));
  CHECK(value_at(bent, 0.5) == Approx(10.0).epsilon(1e-9));
  CHECK(Distribution::empirical(bent).quantile(0.25) >
        Distribution::empirical(knots).quantile(0.25));
}

TEST_CASE("a mean no bend reaches is met by scaling", "[unit]") {
  // Every value lies in [1, 2]: a mean of 5 is not a distribution with these quantiles.
  const std::vector<QuantilePoint> bent = bend_to_mean({{0.0, 1.0}, {1.0, 2.0}}, 5.0);
  CHECK(piecewise_linear_mean(bent) == Approx(5.0));
  for (std::size_t i = 1; i < bent.size(); ++i) CHECK(bent[i].value >= bent[i - 1].value);
}
