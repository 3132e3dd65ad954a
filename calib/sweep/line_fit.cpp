// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/line_fit.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace servesim::calib {

LineFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) {
    throw std::invalid_argument("line fit: " + std::to_string(x.size()) + " x values but " +
                                std::to_string(y.size()) + " y values");
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      throw std::invalid_argument("line fit: point " + std::to_string(i) + " is not finite");
    }
  }
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  if (x.size() < 2 || *lo == *hi) {
    throw std::invalid_argument("line fit: needs at least two distinct x values");
  }
  const auto n = static_cast<Eigen::Index>(x.size());
  // Centre and scale x so that the two columns have comparable norms.
  double mean_x = 0;
  for (double v : x) mean_x += v;
  mean_x /= static_cast<double>(x.size());
  const double scale = *hi - *lo;
  Eigen::MatrixXd design(n, 2);
  Eigen::VectorXd target(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    design(i, 0) = 1.0;
    design(i, 1) = (x[k] - mean_x) / scale;
    target(i) = y[k];
  }
  const Eigen::Vector2d beta = design.colPivHouseholderQr().solve(target);
  LineFit fit;
  fit.slope = beta(1) / scale;
  fit.intercept = beta(0) - fit.slope * mean_x;
  fit.points = static_cast<std::int64_t>(x.size());
  fit.min_x = *lo;
  fit.max_x = *hi;
  const double mean_y = target.mean();
  const double ss_total = (target.array() - mean_y).square().sum();
  const double ss_residual = (target - design * beta).squaredNorm();
  fit.r_squared = ss_total > 0 ? 1.0 - ss_residual / ss_total : 1.0;
  return fit;
}

}  // namespace servesim::calib
