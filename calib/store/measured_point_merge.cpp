// SPDX-License-Identifier: Apache-2.0
#include "calib/store/measured_point_merge.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string>
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

double ratio(const MeasuredPoint& m) { return m.point.stats.mean_ns / m.base_mean_ns; }

/// Same call on the other device: the key without the size field the devices may file apart.
bool same_call(const CostPoint& a, const CostPoint& b) {
  return series_of(a) == series_of(b) && a.batch == b.batch &&
         (a.input_pixels != 0 ? a.input_pixels == b.input_pixels : a.input_bytes == b.input_bytes);
}

/// The measured point of `points` with a base to compare against for the same call as `p`.
const MeasuredPoint* find_call(const std::vector<MeasuredPoint>& points, const CostPoint& p) {
  for (const MeasuredPoint& m : points) {
    if (m.base_mean_ns > 0 && same_call(m.point, p)) return &m;
  }
  return nullptr;
}

CostPoint scaled(CostPoint p, double factor, const std::string& how) {
  CostPointStats& s = p.stats;
  for (double* v :
       {&s.mean_ns, &s.stddev_ns, &s.min_ns, &s.p50_ns, &s.p90_ns, &s.p99_ns, &s.max_ns}) {
    *v *= factor;
  }
  for (double& v : s.finer_ns) v *= factor;
  // The throughput (a broker's capacity) is carried: in-situ timings scale a call's time in
  // its setting, not what the resource serves at saturation.
  char note[48];
  std::snprintf(note, sizeof note, "; scaled x%.3f as ", factor);
  p.source += note + how;
  return p;
}

std::string at(const CostPoint& p) {
  return "batch " + std::to_string(p.batch) + ", " + std::to_string(p.input_pixels) + " px";
}

/// The sibling's ratio for `b`'s call, carried over by this device's ratio to the sibling's at
/// the common call nearest to it; nullopt when either is missing.
std::optional<CostPoint> scaled_by_sibling(const CostPoint& b,
                                           const std::vector<MeasuredPoint>& measured,
                                           const std::vector<MeasuredPoint>& sibling) {
  const MeasuredPoint* across = find_call(sibling, b);
  if (!across) return std::nullopt;
  const MeasuredPoint* common = nullptr;
  const MeasuredPoint* common_across = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const MeasuredPoint& m : measured) {
    if (m.base_mean_ns <= 0 || series_of(m.point) != series_of(b)) continue;
    const MeasuredPoint* twin = find_call(sibling, m.point);
    const double d = distance(m.point, b);
    if (twin && d < best) {
      best = d;
      common = &m;
      common_across = twin;
    }
  }
  if (!common) return std::nullopt;
  return scaled(b, ratio(*across) * ratio(*common) / ratio(*common_across),
                "measured in situ at " + at(b) + " on the pool's other device, times this " +
                    "device's ratio to it at " + at(common->point));
}

}  // namespace

std::vector<CostPoint> merge_measured_points(const std::vector<CostPoint>& base,
                                             const std::vector<MeasuredPoint>& measured,
                                             const std::vector<MeasuredPoint>& sibling) {
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
    if (!nearest) {
      merged.push_back(b);
    } else if (auto across = scaled_by_sibling(b, measured, sibling)) {
      merged.push_back(std::move(*across));
    } else {
      merged.push_back(scaled(b, ratio(*nearest), "measured in situ at " + at(nearest->point)));
    }
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
