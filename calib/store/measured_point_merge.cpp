// SPDX-License-Identifier: Apache-2.0
#include "calib/store/measured_point_merge.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>

namespace servesim::calib {
namespace {

auto series_of(const CostPoint& p) {
  return std::tie(p.op, p.model, p.precision, p.variant, p.threads);
}
auto key_of(const CostPoint& p) {
  return std::tie(p.op, p.model, p.precision, p.variant, p.threads, p.batch, p.input_pixels,
                  p.input_bytes);
}

double log_size(const CostPoint& p) {
  const std::int64_t x = p.input_pixels != 0 ? p.input_pixels : p.input_bytes;
  return std::log1p(static_cast<double>(x));
}

/// Same batch beats any size difference; then the nearest size on a log scale.
double distance(const CostPoint& a, const CostPoint& b) {
  return 1e3 * static_cast<double>(std::llabs(a.batch - b.batch)) +
         std::abs(log_size(a) - log_size(b));
}

CostPoint scaled(CostPoint p, double factor, const CostPoint& by) {
  CostPointStats& s = p.stats;
  for (double* v :
       {&s.mean_ns, &s.stddev_ns, &s.min_ns, &s.p50_ns, &s.p90_ns, &s.p99_ns, &s.max_ns}) {
    *v *= factor;
  }
  for (double& v : s.finer_ns) v *= factor;
  // The throughput (a broker's capacity) is carried: in-situ timings scale a call's time in
  // its setting, not what the resource serves at saturation.
  char note[160];
  std::snprintf(note, sizeof note, "; scaled x%.3f as measured in situ at batch %lld, %lld px",
                factor, static_cast<long long>(by.batch), static_cast<long long>(by.input_pixels));
  p.source += note;
  return p;
}

}  // namespace

std::vector<CostPoint> merge_measured_points(const std::vector<CostPoint>& base,
                                             const std::vector<MeasuredPoint>& measured) {
  std::vector<CostPoint> merged;
  for (const CostPoint& b : base) {
    const MeasuredPoint* nearest = nullptr;
    double best = std::numeric_limits<double>::infinity();
    bool same_key = false;
    for (const MeasuredPoint& m : measured) {
      if (series_of(m.point) != series_of(b)) continue;
      if (key_of(m.point) == key_of(b)) same_key = true;
      if (m.base_mean_ns <= 0) continue;  // nothing to compare with: no ratio
      const double d = distance(m.point, b);
      if (d < best) {
        best = d;
        nearest = &m;
      }
    }
    if (same_key) continue;  // the measured point replaces it
    merged.push_back(
        nearest ? scaled(b, nearest->point.stats.mean_ns / nearest->base_mean_ns, nearest->point)
                : b);
  }
  for (const MeasuredPoint& m : measured) merged.push_back(m.point);
  std::sort(merged.begin(), merged.end(),
            [](const CostPoint& a, const CostPoint& b) { return key_of(a) < key_of(b); });
  merged.erase(
      std::unique(merged.begin(), merged.end(),
                  [](const CostPoint& a, const CostPoint& b) { return key_of(a) == key_of(b); }),
      merged.end());
  return merged;
}

}  // namespace servesim::calib
