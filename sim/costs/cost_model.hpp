// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_schema.hpp"
#include "sim/random/distribution.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace servesim::sim {

/// No cost data answers a query; the message says what exists and how to get the rest.
class CostLookupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "How long does op X take on device D for batch B and input size S?"
struct CostQuery {
  std::string device;
  std::string op;
  std::string model;
  std::string precision;  // '' = whatever single precision the table has
  std::string variant;
  int batch = 1;
  std::int64_t input_pixels = 0;  // per item
  std::int64_t input_bytes = 0;   // per item
};

/// The distribution of one call's duration (ns) and how it was obtained.
struct CostEstimate {
  Distribution duration_ns = Distribution::deterministic(0);
  std::string basis;  // measured | interpolated | fit | extrapolated
  std::string table;  // cost table name the answer came from
};

/// The stored quantiles and the mean of one call's duration, in ns.
struct CostQuantiles {
  double mean_ns = 0, min_ns = 0, p50_ns = 0, p90_ns = 0, p99_ns = 0, max_ns = 0;
  /// At kFinerQuantiles' levels; NaN where the point has none.
  FinerQuantiles finer_ns = no_finer_quantiles();
  /// The quantile function's knots in order of level: min, p50, p90, p99, max and the finer
  /// quantiles known, as stored (not checked to rise).
  std::vector<QuantilePoint> knots() const;
};

/// True for ops whose cost tables are indexed by input pixels (image ops and forward passes);
/// the others by input bytes. Two points of a series with the same batch and this size are the
/// same point to the cost model.
bool cost_x_is_pixels(const std::string& op);

/// Reads cost tables (the schema in cost_schema.hpp) from SQLite files or SQL text and answers
/// queries by interpolating between measured points, using stored fits outside the measured range,
/// and sampling from the stored quantiles (tails matter, not just the mean). Tables added later
/// replace earlier ones for the same device, so a measured table overrides a shipped default.
class CostModel {
 public:
  /// Adds every table of a cost database file.
  void add_file(const std::string& path);
  /// Adds tables from SQL text (the shipped defaults); `origin` names it in errors.
  void add_sql_text(const std::string& origin, const std::string& sql);

  /// A fixed duration distribution for (device, op, model): answers every batch and size. For
  /// what-if studies ("assume decode is lognormal, cv 0.3") and for checks against queueing
  /// theory. Replaces table entries of the same key.
  void add_parametric(const std::string& device, const std::string& op, const std::string& model,
                      const Distribution& duration_ns);

  CostEstimate estimate(const CostQuery& query) const;
  /// Mean time per item when the resource is saturated, 1e9 / throughput_per_s, for series whose
  /// points record a throughput (broker probes do); interpolated by size like a duration, at
  /// the query's batch or the nearest. Empty when the series has no throughput.
  std::optional<double> saturation_ns(const CostQuery& query) const;
  /// Idle and busy power of a device (W), if a table gives them.
  bool device_power(const std::string& device, double& idle_w, double& busy_w) const;

  std::vector<std::string> devices() const;
  /// The tables queries were answered from so far, with the basis of each answer.
  std::string usage_summary() const;
  bool empty() const { return points_.empty() && parametric_.empty(); }

 private:
  struct Point {
    int batch;
    double x;  // input pixels (pixel ops) or input bytes
    CostQuantiles q;
    double throughput_per_s = 0;  // 0: not measured
  };
  struct Fit {
    std::string predictor;
    double intercept_ns, slope_ns, min_x, max_x;
  };
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  struct Series {
    std::string table;
    bool x_is_pixels = false;
    bool size_free = false;
    std::vector<Point> points;
    std::vector<Fit> fits;
  };

  void load(class SqliteDb& db, const std::string& origin);
  const Series& find_series(const CostQuery& query, Key& key) const;
  CostQuantiles along_x(const Series& series, int batch, double x, std::string& basis) const;

  std::map<Key, Series> points_;
  std::map<std::tuple<std::string, std::string, std::string>, Distribution> parametric_;
  std::map<std::string, std::pair<double, double>> power_;
  mutable std::set<std::string> used_;
};

}  // namespace servesim::sim
