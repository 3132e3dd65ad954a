// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace servesim::sim {

/// A uniform draw made partly of one shared with other draws (a Gaussian copula): both uniforms
/// go to normal scores, mixed as sqrt(share) * common + sqrt(1 - share) * own, and back. Draws
/// made with the same `common_u` then have normal-score correlation `share`; each is still
/// uniform, so a distribution sampled at it keeps its own shape. `share` 0 returns `own_u`.
double shared_uniform(double common_u, double own_u, double share);

}  // namespace servesim::sim
