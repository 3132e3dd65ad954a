// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

namespace servesim::sim {

/// Two-sided 95% critical value of Student's t with `dof` degrees of freedom (exact table up to
/// 30, Cornish-Fisher expansion above, which is within 1e-4 there).
double student_t_975(int dof);

/// Half-width of the 95% interval of the mean of independent values (Student t with n - 1
/// degrees of freedom); 0 for fewer than two values.
double mean_ci95_halfwidth(const std::vector<double>& values);

}  // namespace servesim::sim
