// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/student_t.hpp"

#include "sim/stats/sample_moments.hpp"

#include <cmath>
#include <stdexcept>

namespace servesim::sim {

double student_t_975(int dof) {
  static constexpr double kTable[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                      2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                      2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                      2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof < 1) throw std::invalid_argument("student_t_975: degrees of freedom must be >= 1");
  if (dof <= 30) return kTable[dof];
  const double z = 1.959963984540054;
  const double n = dof;
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  const double z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

double mean_ci95_halfwidth(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  return student_t_975(static_cast<int>(values.size()) - 1) * sample_moments(values).stddev /
         std::sqrt(static_cast<double>(values.size()));
}

}  // namespace servesim::sim
