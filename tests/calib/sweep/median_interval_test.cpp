// SPDX-License-Identifier: Apache-2.0
// The order-statistic interval of the median, against ranks worked out by hand.
#include "calib/sweep/median_interval.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

using servesim::calib::median_interval;

TEST_CASE("the 95% interval of the median of 100 samples is ranks 40 and 61", "[unit]") {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i * 10.0);
  // n = 100: z sqrt(n) / 2 = 9.8; floor(50 - 9.8) = 40, ceil(1 + 50 + 9.8) = 61.
  const auto interval = median_interval(sorted);
  CHECK(interval.valid);
  CHECK(interval.median_ns == Approx(505.0));
  CHECK(interval.lower_ns == Approx(400.0));
  CHECK(interval.upper_ns == Approx(610.0));
  CHECK(interval.relative_half_width() == Approx((610.0 - 400.0) / 2 / 505.0));
}

TEST_CASE("too few samples give [min, max] and no valid interval", "[unit]") {
  const std::vector<double> five = {1, 2, 3, 4, 50};
  const auto small = median_interval(five);
  CHECK_FALSE(small.valid);
  CHECK(small.median_ns == Approx(3));
  CHECK(small.lower_ns == Approx(1));
  CHECK(small.upper_ns == Approx(50));
  // n = 6: ranks max(1, floor(3 - 2.4)) = 1 and min(6, ceil(6.4)) = 6, confidence 1 - 2/64.
  const auto six = median_interval({1, 2, 3, 4, 5, 6});
  CHECK(six.valid);
  CHECK(six.lower_ns == Approx(1));
  CHECK(six.upper_ns == Approx(6));
  // n = 25: spread 4.9; floor(7.6) = 7, ceil(18.4) = 19.
  std::vector<double> twenty_five;
  for (int i = 1; i <= 25; ++i) twenty_five.push_back(i);
  const auto mid = median_interval(twenty_five);
  CHECK(mid.lower_ns == Approx(7));
  CHECK(mid.upper_ns == Approx(19));
  CHECK_THROWS_AS(median_interval({}), std::invalid_argument);
}
