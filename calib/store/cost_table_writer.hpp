// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_point_stats.hpp"
#include "sim/store/sqlite_db.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace servesim::calib {

/// Provenance of one cost table (a cost_tables row). Empty machine and library_versions are
/// filled from the running machine; created_utc and servesim_version are always filled in.
struct CostTableInfo {
  std::string name;                 ///< unique in the file, e.g. "cpu-measured-myhost"
  std::string device;               ///< device key that topologies name: "cpu", "a100", ...
  std::string method = "measured";  ///< "measured" | "public" | "derived"
  std::string source;               ///< the harness command line, or a citation
  std::string machine;              ///< default: machine_description().text()
  std::string library_versions;     ///< default: base_library_versions()
};

/// One cost_points row. Sizes are per item, times per call of `batch` items.
struct CostPoint {
  std::string op;  ///< jpeg_decode, resize, ..., broker
  std::string model;
  std::string precision;
  std::string variant;
  std::int64_t batch = 1;
  std::int64_t input_pixels = 0;
  std::int64_t input_bytes = 0;
  std::int64_t output_bytes = 0;
  std::int64_t threads = 1;
  CostPointStats stats;
  std::optional<double> throughput_per_s;
  std::optional<double> power_w;
  std::string source;
};

/// One cost_fits row: time = intercept_ns + slope_ns * x over [min_x, max_x].
struct CostFit {
  std::string op;
  std::string model;
  std::string precision;
  std::string variant;
  std::string predictor;  ///< "pixels" | "bytes" | "batch"
  double intercept_ns = 0;
  double slope_ns = 0;
  double r_squared = 0;
  std::int64_t points = 0;
  double min_x = 0;
  double max_x = 0;
};

/// One device_power row.
struct DevicePower {
  std::string device;
  double idle_w = 0;
  double busy_w = 0;
  std::string source;
};

/// Writes one cost table into a cost database (sim/costs/cost_schema.hpp).
///
/// Every append commits on its own, so a calibration that is interrupted (Ctrl-C, a crash, a
/// time limit) keeps every point measured so far; with `resume` a rerun can skip them.
class CostTableWriter {
 public:
  enum class Mode {
    replace,  ///< drop a table of the same name (its points, fits, power) and start afresh
    resume,   ///< keep a table of the same name and its points; create it if absent
  };

  /// Opens or creates the file, applies the schema, and creates the table row. Throws
  /// sim::StoreError naming the file when it cannot be opened or written, and
  /// std::invalid_argument for an empty name, device or method.
  static CostTableWriter open(const std::string& db_path, const CostTableInfo& info,
                              Mode mode = Mode::replace);

  /// Stores one point and commits. Throws std::invalid_argument naming the field when the point
  /// is malformed (empty op, batch < 1, quantiles out of order, ...) and sim::StoreError when the
  /// same point (op, model, precision, variant, batch, pixels, bytes, threads) is already stored.
  void append(const CostPoint& point);
  /// Stores or replaces one fit and commits.
  void write_fit(const CostFit& fit);
  /// Stores or replaces one device's power and commits.
  void write_power(const DevicePower& power);

  /// True when this table already holds the point with that key (for resuming).
  bool has_point(const CostPoint& key) const;
  std::int64_t point_count() const;

  std::int64_t table_id() const { return table_id_; }
  const std::string& path() const { return db_.path(); }
  sim::SqliteDb& db() { return db_; }

 private:
  CostTableWriter(sim::SqliteDb db, std::int64_t table_id)
      : db_(std::move(db)), table_id_(table_id) {}

  // Mutable: has_point and point_count prepare statements on the connection.
  mutable sim::SqliteDb db_;
  std::int64_t table_id_;
};

/// "op=broker model=redis variant=list batch=1 input_bytes=1024": a point's key for messages.
std::string describe_point_key(const CostPoint& point);

}  // namespace servesim::calib
