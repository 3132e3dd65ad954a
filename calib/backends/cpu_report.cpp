// SPDX-License-Identifier: Apache-2.0
#include "calib/backends/cpu_report.hpp"

#include "calib/sweep/table_fits.hpp"

#include <cstdio>

namespace servesim::calib {
namespace {

/// Mpx/s for image ops, items/s for the rest, from the mean call time.
std::string rate(const CostPoint& p) {
  char text[48];
  const double calls_per_s = p.stats.mean_ns > 0 ? 1e9 / p.stats.mean_ns : 0;
  if (fit_predictor(p.op) == "pixels") {
    std::snprintf(text, sizeof text, "%.1f Mpx/s",
                  calls_per_s * static_cast<double>(p.batch * p.input_pixels) / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.1f items/s", calls_per_s * static_cast<double>(p.batch));
  }
  return text;
}

std::string series_name(const std::string& op, const std::string& model,
                        const std::string& variant) {
  std::string name = op;
  if (!model.empty()) name += " " + model;
  if (!variant.empty()) name += " " + variant;
  return name;
}

}  // namespace

std::string point_summary(const CostPoint& point, const TimedRuns& runs) {
  char text[160];
  std::snprintf(text, sizeof text, "p50 %.3f ms, %s, %zu runs, +-%.1f%%%s",
                point.stats.p50_ns / 1e6, rate(point).c_str(), runs.samples_ns.size(),
                100.0 * runs.median.relative_half_width(),
                runs.stop == StopReason::converged ? "" : " (stopped at the cap)");
  return text;
}

std::string cpu_report(const CpuSweepConfig& config, const std::string& db_path,
                       const CpuSweepResult& result) {
  std::string out = "calibrated " + std::to_string(result.measured.size()) + " point(s) into " +
                    db_path + " (table '" + result.table_name + "', device '" + config.device +
                    "')";
  if (result.skipped > 0) out += ", " + std::to_string(result.skipped) + " already stored";
  out += "\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-34s %10s %5s %10s %10s %10s %6s  %s\n", "point", "pixels",
                "batch", "p50 ms", "mean ms", "p99 ms", "runs", "rate");
  out += line;
  for (const CostPoint& p : result.measured) {
    std::snprintf(line, sizeof line, "  %-34s %10lld %5lld %10.3f %10.3f %10.3f %6lld  %s\n",
                  series_name(p.op, p.model, p.variant).c_str(),
                  static_cast<long long>(p.input_pixels), static_cast<long long>(p.batch),
                  p.stats.p50_ns / 1e6, p.stats.mean_ns / 1e6, p.stats.p99_ns / 1e6,
                  static_cast<long long>(p.stats.samples), rate(p).c_str());
    out += line;
  }
  if (!result.fits.empty()) out += "fits of the mean (cost_fits):\n";
  for (const CostFit& f : result.fits) {
    const bool per_item = f.predictor == "batch";
    std::snprintf(line, sizeof line,
                  "  %-34s %-6s %10.3f ms + %10.4f %-9s R^2 %.4f (%lld points, x %.0f..%.0f)\n",
                  series_name(f.op, f.model, f.variant).c_str(), f.predictor.c_str(),
                  f.intercept_ns / 1e6, per_item ? f.slope_ns / 1e6 : f.slope_ns,
                  per_item                  ? "ms/item"
                  : f.predictor == "pixels" ? "ns/px"
                                            : "ns/byte",
                  f.r_squared, static_cast<long long>(f.points), f.min_x, f.max_x);
    out += line;
  }
  return out;
}

}  // namespace servesim::calib
