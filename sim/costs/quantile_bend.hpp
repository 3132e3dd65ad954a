// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/random/distribution.hpp"

#include <vector>

namespace servesim::sim {

/// Knots of a piecewise-linear inverse CDF through a cost point's stored quantiles (probability 0
/// to 1, values non-decreasing) whose mean is `mean`. Between two stored quantiles the values are
/// unknown, and a straight line puts weight evenly across a wide gap: two stalled calls in 145
/// open a gap from p95 to p99 and the line spreads 4% of draws over it. Every segment is bent
/// alike, v_a + (v_b - v_a) u^k over its probability range (u from 0 to 1, drawn with extra
/// knots), with the one k that gives the stored mean: k = 1 is the straight line, k > 1 keeps a
/// wide gap's weight near its lower end, k < 1 near its upper end. Every stored quantile keeps its
/// value. A mean no bend in [1/64, 64] reaches (inconsistent statistics) is met by scaling the
/// bent knots, as before bends existed.
std::vector<QuantilePoint> bend_to_mean(const std::vector<QuantilePoint>& knots, double mean);

/// Mean of the distribution whose inverse CDF runs straight between `knots`.
double piecewise_linear_mean(const std::vector<QuantilePoint>& knots);

}  // namespace servesim::sim
