// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

namespace servesim::calib {

/// y = intercept + slope * x by ordinary least squares, with its goodness of fit.
struct LineFit {
  double intercept = 0;
  double slope = 0;
  /// 1 - SS_residual / SS_total; 1 when every y is equal and the line passes through them.
  double r_squared = 0;
  std::int64_t points = 0;
  double min_x = 0;
  double max_x = 0;
};

/// Fits a line through (x[i], y[i]) with Eigen (a column-pivoting Householder QR of the
/// [1, x] design matrix, which stays accurate when x spans millions of pixels). Throws
/// std::invalid_argument when the vectors differ in length, hold a non-finite value, or have
/// fewer than two distinct x values.
LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace servesim::calib
