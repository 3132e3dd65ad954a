// SPDX-License-Identifier: Apache-2.0
#include "sim/random/shared_draw.hpp"

#include "sim/random/distribution.hpp"

#include <algorithm>
#include <cmath>

namespace servesim::sim {

double shared_uniform(double common_u, double own_u, double share) {
  if (share <= 0) return own_u;
  const double z = std::sqrt(share) * standard_normal_quantile(common_u) +
                   std::sqrt(1 - share) * standard_normal_quantile(own_u);
  // The standard normal's distribution function; kept off 0 and 1 as uniform01's draws are.
  const double u = 0.5 * std::erfc(-z / std::sqrt(2.0));
  return std::clamp(u, 1e-12, 1 - 1e-12);
}

}  // namespace servesim::sim
