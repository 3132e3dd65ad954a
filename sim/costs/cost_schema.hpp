// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <limits>

namespace servesim::sim {

/// The cost-table schema: the one contract between calib/ (which writes it) and sim/ (which reads
/// it). One row per table in cost_tables, one row per measured or published point in cost_points,
/// fits in cost_fits, per-device power in device_power. All times are nanoseconds per call (a
/// call processes `batch` items), sizes per item. See calib/tables/README.md for the meaning of
/// each op. Bump kCostSchemaVersion on any change (ensure_cost_schema brings older files along).
/// Version 2 added the finer quantiles (p1_ns ... p999_ns).
inline constexpr int kCostSchemaVersion = 2;

/// Quantiles a point may carry besides min, p50, p90, p99 and max; NULL where not measured
/// (published figures, tables written before version 2). Five quantiles leave a peaked
/// distribution's body to a straight line from min to p50, which spreads a call that takes
/// 21-24 ms nine times in ten as if one in ten took under 19.
struct FinerQuantile {
  double level;
  const char* column;
};
inline constexpr std::array<FinerQuantile, 6> kFinerQuantiles = {{{0.01, "p1_ns"},
                                                                  {0.10, "p10_ns"},
                                                                  {0.25, "p25_ns"},
                                                                  {0.75, "p75_ns"},
                                                                  {0.95, "p95_ns"},
                                                                  {0.999, "p999_ns"}}};
inline constexpr std::size_t kFinerQuantileCount = kFinerQuantiles.size();
using FinerQuantiles = std::array<double, kFinerQuantileCount>;  ///< ns; NaN = not measured

/// Every finer quantile unknown.
constexpr FinerQuantiles no_finer_quantiles() {
  FinerQuantiles none{};
  none.fill(std::numeric_limits<double>::quiet_NaN());
  return none;
}

inline constexpr const char* kCostSchemaSql = R"sql(
CREATE TABLE IF NOT EXISTS cost_schema_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO cost_schema_info VALUES ('cost_schema_version', '2');
CREATE TABLE IF NOT EXISTS cost_tables(
  table_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,       -- e.g. 'a100-public', 'cpu-measured-<host>'
  device TEXT NOT NULL,            -- device key topologies name: 'a100', 'rtx4090', 'cpu', ...
  machine TEXT NOT NULL,           -- full hardware name: CPU model and cores, GPU board
  created_utc TEXT NOT NULL,
  library_versions TEXT NOT NULL,  -- compiler, libjpeg-turbo, Eigen, CUDA, cuDNN ...
  method TEXT NOT NULL,            -- 'measured' | 'public' | 'derived'
  source TEXT NOT NULL,            -- harness command line, or citation of public data
  servesim_version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_points(
  table_id INTEGER NOT NULL REFERENCES cost_tables(table_id),
  op TEXT NOT NULL,                -- jpeg_decode, resize, crop, normalize, h2d, d2h, infer,
                                   -- postprocess, net_recv, net_send, broker
  model TEXT NOT NULL DEFAULT '',  -- zoo model for infer; broker name for broker; '' otherwise
  precision TEXT NOT NULL DEFAULT '',  -- fp32 | fp16 | int8 | '' (not applicable)
  variant TEXT NOT NULL DEFAULT '',    -- e.g. 'pinned' / 'pageable' copies, 'bilinear' / 'area'
  batch INTEGER NOT NULL,          -- items per call
  input_pixels INTEGER NOT NULL,   -- per item (0 if not applicable)
  input_bytes INTEGER NOT NULL,    -- per item
  output_bytes INTEGER NOT NULL,   -- per item
  threads INTEGER NOT NULL DEFAULT 1,
  mean_ns REAL NOT NULL,
  stddev_ns REAL NOT NULL DEFAULT 0,
  min_ns REAL NOT NULL,
  p50_ns REAL NOT NULL,
  p90_ns REAL NOT NULL,
  p99_ns REAL NOT NULL,
  max_ns REAL NOT NULL,
  samples INTEGER NOT NULL,        -- 1 for a published single figure
  p1_ns REAL,                      -- finer quantiles (kFinerQuantiles), NULL when not measured
  p10_ns REAL,
  p25_ns REAL,
  p75_ns REAL,
  p95_ns REAL,
  p999_ns REAL,
  throughput_per_s REAL,           -- items/s at saturation when known (brokers, offline runs)
  power_w REAL,                    -- device power during the op, NULL when unknown
  source TEXT NOT NULL DEFAULT '', -- per-row citation or derivation
  PRIMARY KEY(table_id, op, model, precision, variant, batch, input_pixels, input_bytes, threads));
CREATE TABLE IF NOT EXISTS cost_fits(
  table_id INTEGER NOT NULL REFERENCES cost_tables(table_id),
  op TEXT NOT NULL,
  model TEXT NOT NULL DEFAULT '',
  precision TEXT NOT NULL DEFAULT '',
  variant TEXT NOT NULL DEFAULT '',
  predictor TEXT NOT NULL,         -- 'pixels' | 'bytes' | 'batch'
  intercept_ns REAL NOT NULL,
  slope_ns REAL NOT NULL,          -- ns per pixel, per byte or per item
  r_squared REAL NOT NULL,
  points INTEGER NOT NULL,
  min_x REAL NOT NULL,             -- the measured range the fit came from
  max_x REAL NOT NULL,
  PRIMARY KEY(table_id, op, model, precision, variant, predictor));
CREATE TABLE IF NOT EXISTS device_power(
  table_id INTEGER NOT NULL REFERENCES cost_tables(table_id),
  device TEXT NOT NULL,
  idle_w REAL NOT NULL,
  busy_w REAL NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY(table_id, device));
)sql";

}  // namespace servesim::sim
