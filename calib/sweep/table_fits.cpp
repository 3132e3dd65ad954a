// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/table_fits.hpp"

#include "calib/sweep/line_fit.hpp"

#include <map>
#include <set>
#include <tuple>

namespace servesim::calib {
namespace {

struct StoredPoint {
  std::int64_t batch;
  std::int64_t input_pixels;
  std::int64_t input_bytes;
  std::int64_t threads;
  double mean_ns;
};

using SeriesKey = std::tuple<std::string, std::string, std::string, std::string>;

/// The points one fit uses: a batch fit holds size and threads fixed, a size fit holds batch
/// and threads fixed (the first value of each in key order).
std::vector<StoredPoint> fit_subset(const std::vector<StoredPoint>& points, bool by_batch) {
  const StoredPoint& first = points.front();
  std::vector<StoredPoint> subset;
  for (const StoredPoint& p : points) {
    if (p.threads != first.threads) continue;
    if (by_batch && (p.input_pixels != first.input_pixels || p.input_bytes != first.input_bytes)) {
      continue;
    }
    if (!by_batch && p.batch != first.batch) continue;
    subset.push_back(p);
  }
  return subset;
}

}  // namespace

std::string fit_predictor(const std::string& op) {
  if (op == "infer") return "batch";
  if (op == "jpeg_decode" || op == "resize" || op == "crop" || op == "normalize") return "pixels";
  return "bytes";
}

std::vector<CostFit> compute_table_fits(sim::SqliteDb& db, std::int64_t table_id) {
  std::map<SeriesKey, std::vector<StoredPoint>> series;
  auto rows = db.prepare(
      "SELECT op, model, precision, variant, batch, input_pixels, input_bytes, threads, mean_ns "
      "FROM cost_points WHERE table_id = ? "
      "ORDER BY op, model, precision, variant, threads, batch, input_pixels, input_bytes");
  rows.bind(1, table_id);
  while (rows.step()) {
    series[{rows.column_text(0), rows.column_text(1), rows.column_text(2), rows.column_text(3)}]
        .push_back({rows.column_int(4), rows.column_int(5), rows.column_int(6), rows.column_int(7),
                    rows.column_double(8)});
  }
  std::vector<CostFit> fits;
  for (const auto& [key, points] : series) {
    const std::string predictor = fit_predictor(std::get<0>(key));
    const bool by_batch = predictor == "batch";
    std::vector<double> xs, ys;
    for (const StoredPoint& p : fit_subset(points, by_batch)) {
      xs.push_back(static_cast<double>(by_batch                ? p.batch
                                       : predictor == "pixels" ? p.input_pixels
                                                               : p.input_bytes));
      ys.push_back(p.mean_ns);
    }
    if (std::set<double>(xs.begin(), xs.end()).size() < 2) continue;
    LineFit line = fit_line(xs, ys);
    if (line.slope < 0) {
      double mean_y = 0;
      for (double y : ys) mean_y += y;
      line.intercept = mean_y / static_cast<double>(ys.size());
      line.slope = 0;
      line.r_squared = 0;
    }
    CostFit fit;
    std::tie(fit.op, fit.model, fit.precision, fit.variant) = key;
    fit.predictor = predictor;
    fit.intercept_ns = line.intercept;
    fit.slope_ns = line.slope;
    fit.r_squared = line.r_squared;
    fit.points = line.points;
    fit.min_x = line.min_x;
    fit.max_x = line.max_x;
    fits.push_back(fit);
  }
  return fits;
}

std::vector<CostFit> write_table_fits(CostTableWriter& writer) {
  std::vector<CostFit> fits = compute_table_fits(writer.db(), writer.table_id());
  for (const CostFit& fit : fits) writer.write_fit(fit);
  return fits;
}

}  // namespace servesim::calib
