// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/quantile_bend.hpp"

#include <cmath>

namespace servesim::sim {
namespace {

constexpr int kKnotsPerSegment = 8;  // the bent curve's chords: its mean is close to the curve's
constexpr double kMaxLog2Bend = 6;   // k within [1/64, 64]

std::vector<QuantilePoint> bent(const std::vector<QuantilePoint>& knots, double k) {
  std::vector<QuantilePoint> out;
  out.reserve(knots.size() * kKnotsPerSegment);
  out.push_back(knots.front());
  for (std::size_t i = 1; i < knots.size(); ++i) {
    const QuantilePoint& a = knots[i - 1];
    const QuantilePoint& b = knots[i];
    if (b.value > a.value) {
      for (int j = 1; j < kKnotsPerSegment; ++j) {
        const double u = static_cast<double>(j) / kKnotsPerSegment;
        out.push_back({a.probability + (b.probability - a.probability) * u,
                       a.value + (b.value - a.value) * std::pow(u, k)});
      }
    }
    out.push_back(b);
  }
  return out;
}

}  // namespace

double piecewise_linear_mean(const std::vector<QuantilePoint>& knots) {
  double mean = 0;
  for (std::size_t i = 1; i < knots.size(); ++i) {
    mean += (knots[i].probability - knots[i - 1].probability) *
            (knots[i].value + knots[i - 1].value) / 2;
  }
  return mean;
}

std::vector<QuantilePoint> bend_to_mean(const std::vector<QuantilePoint>& knots, double mean) {
  const auto mean_at = [&](double log2_k) {
    return piecewise_linear_mean(bent(knots, std::exp2(log2_k)));
  };
  // The mean falls as k grows: bisect on log2 k, unless the mean lies beyond either end.
  double lo = -kMaxLog2Bend;
  double hi = kMaxLog2Bend;
  if (mean_at(hi) > mean) {
    lo = hi;
  } else if (mean_at(lo) < mean) {
    hi = lo;
  } else {
    for (int i = 0; i < 50; ++i) {
      const double mid = (lo + hi) / 2;
      (mean_at(mid) > mean ? lo : hi) = mid;
    }
  }
  std::vector<QuantilePoint> best = bent(knots, std::exp2((lo + hi) / 2));
  // What the bend leaves (bisection's last bit, or a mean out of its reach) is scaled away.
  const double shape_mean = piecewise_linear_mean(best);
  if (shape_mean > 0 && mean > 0) {
    for (QuantilePoint& p : best) p.value *= mean / shape_mean;
  }
  return best;
}

}  // namespace servesim::sim
