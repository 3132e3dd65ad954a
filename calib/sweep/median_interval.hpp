// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <vector>

namespace servesim::calib {

/// A distribution-free confidence interval for the median of sorted samples.
struct MedianInterval {
  double median_ns = 0;
  double lower_ns = 0;
  double upper_ns = 0;
  bool valid = false;  ///< false when too few samples for the confidence asked (then [min, max])

  /// Half the interval's width relative to the median: 0.02 means "median +- 2%".
  double relative_half_width() const;
};

/// The order-statistic interval for the median (no assumption about the distribution's shape):
/// with n sorted samples and z the normal quantile of the confidence (1.96 for 95%), the bounds
/// are the samples of 1-based rank floor(n/2 - z*sqrt(n)/2) and ceil(1 + n/2 + z*sqrt(n)/2),
/// the normal approximation of the binomial(n, 1/2) ranks. Below 6 samples no pair of ranks
/// reaches 95%, so the interval is [min, max] and `valid` is false. Throws std::invalid_argument
/// for an empty vector.
MedianInterval median_interval(const std::vector<double>& sorted_ns, double z = 1.96);

}  // namespace servesim::calib
