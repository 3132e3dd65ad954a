// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace servesim::sim {

/// Two-sided 95% critical value of Student's t with `dof` degrees of freedom (exact table up to
/// 30, Cornish-Fisher expansion above, which is within 1e-4 there).
double student_t_975(int dof);

}  // namespace servesim::sim
