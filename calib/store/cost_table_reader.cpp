// SPDX-License-Identifier: Apache-2.0
#include "calib/store/cost_table_reader.hpp"

#include "sim/costs/cost_schema.hpp"
#include "sim/costs/cost_schema_upgrade.hpp"
#include "sim/costs/cost_sources.hpp"

namespace servesim::calib {

DeviceCostRows read_device_rows(sim::SqliteDb& db, const std::string& device,
                                const std::string& origin) {
  DeviceCostRows rows;
  rows.origin = origin;
  auto tables = db.prepare("SELECT name FROM cost_tables WHERE device = ? ORDER BY table_id");
  tables.bind(1, device);
  while (tables.step()) rows.table_names.push_back(tables.column_text(0));
  auto points = db.prepare(
      "SELECT p.op, p.model, p.precision, p.variant, p.batch, p.input_pixels, p.input_bytes, "
      "p.output_bytes, p.threads, p.mean_ns, p.stddev_ns, p.min_ns, p.p50_ns, p.p90_ns, p.p99_ns, "
      "p.max_ns, p.samples, p.throughput_per_s, p.power_w, p.source" +
      sim::finer_quantile_columns(db, "p") +
      " FROM cost_points p JOIN cost_tables t USING (table_id) WHERE t.device = ? "
      "ORDER BY t.table_id, p.op, p.model, p.precision, p.variant, p.batch, p.input_pixels, "
      "p.input_bytes");
  points.bind(1, device);
  while (points.step()) {
    CostPoint p;
    p.op = points.column_text(0);
    p.model = points.column_text(1);
    p.precision = points.column_text(2);
    p.variant = points.column_text(3);
    p.batch = points.column_int(4);
    p.input_pixels = points.column_int(5);
    p.input_bytes = points.column_int(6);
    p.output_bytes = points.column_int(7);
    p.threads = points.column_int(8);
    p.stats = {points.column_double(9),  points.column_double(10), points.column_double(11),
               points.column_double(12), points.column_double(13), points.column_double(14),
               points.column_double(15), points.column_int(16)};
    if (!points.column_is_null(17)) p.throughput_per_s = points.column_double(17);
    if (!points.column_is_null(18)) p.power_w = points.column_double(18);
    p.source = points.column_text(19);
    for (std::size_t i = 0; i < sim::kFinerQuantileCount; ++i) {
      const int column = 20 + static_cast<int>(i);
      if (!points.column_is_null(column)) p.stats.finer_ns[i] = points.column_double(column);
    }
    rows.points.push_back(std::move(p));
  }
  auto fits = db.prepare(
      "SELECT f.op, f.model, f.precision, f.variant, f.predictor, f.intercept_ns, f.slope_ns, "
      "f.r_squared, f.points, f.min_x, f.max_x FROM cost_fits f JOIN cost_tables t "
      "USING (table_id) WHERE t.device = ? ORDER BY t.table_id, f.op, f.model, f.precision, "
      "f.variant, f.predictor");
  fits.bind(1, device);
  while (fits.step()) {
    rows.fits.push_back({fits.column_text(0), fits.column_text(1), fits.column_text(2),
                         fits.column_text(3), fits.column_text(4), fits.column_double(5),
                         fits.column_double(6), fits.column_double(7), fits.column_int(8),
                         fits.column_double(9), fits.column_double(10)});
  }
  auto power = db.prepare(
      "SELECT d.idle_w, d.busy_w, d.source FROM device_power d JOIN cost_tables t USING (table_id) "
      "WHERE d.device = ? ORDER BY t.table_id");
  power.bind(1, device);
  while (power.step()) {
    rows.power =
        DevicePower{device, power.column_double(0), power.column_double(1), power.column_text(2)};
  }
  return rows;
}

DeviceCostRows effective_device_rows(const std::vector<std::string>& cost_files,
                                     const std::string& device) {
  DeviceCostRows found;
  for (const auto& [name, sql] : sim::registered_default_cost_tables()) {
    sim::SqliteDb db = sim::SqliteDb::open(":memory:");
    db.exec(sim::kCostSchemaSql);
    db.exec(sql);
    DeviceCostRows rows = read_device_rows(db, device, "default table " + name);
    if (!rows.points.empty()) found = std::move(rows);
  }
  for (const std::string& file : cost_files) {
    sim::SqliteDb db = sim::SqliteDb::open(file, /*read_only=*/true);
    DeviceCostRows rows = read_device_rows(db, device, file);
    if (!rows.points.empty()) found = std::move(rows);
  }
  return found;
}

}  // namespace servesim::calib
