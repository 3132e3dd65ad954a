// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/sql_export.hpp"

#include "sim/costs/cost_schema.hpp"
#include "sim/costs/cost_schema_upgrade.hpp"
#include "sim/store/sqlite_db.hpp"

#include <cstdint>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <vector>

namespace servesim::calib {
namespace {

/// The shipped tables are embedded as raw string literals and read in review: printable ASCII
/// only (no newline that would end a comment line early).
const std::string& checked(const std::string& text, const std::string& where) {
  for (char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte > 126 || byte < 32) {
      throw std::invalid_argument(where + ": non-ASCII or control character in '" + text + "'");
    }
  }
  return text;
}

std::string quoted(const std::string& text, const std::string& where) {
  std::string out = "'";
  for (char ch : checked(text, where)) {
    out += ch;
    if (ch == '\'') out += '\'';
  }
  return out + "'";
}

std::string fixed1(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string significant6(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string optional_number(sim::SqliteStatement& row, int column) {
  return row.column_is_null(column) ? "NULL" : fixed1(row.column_double(column));
}

struct TableRow {
  std::int64_t id;
  std::string name, device, machine, created_utc, library_versions, method, source, version;
};

}  // namespace

std::string export_cost_tables_sql(const std::string& db_path, const std::string& device) {
  sim::SqliteDb db = sim::SqliteDb::open(db_path, /*read_only=*/true);
  std::vector<TableRow> tables;
  std::set<std::string> devices;
  auto t = db.prepare(
      "SELECT table_id, name, device, machine, created_utc, library_versions, method, source, "
      "servesim_version FROM cost_tables ORDER BY name");
  while (t.step()) {
    devices.insert(t.column_text(2));
    if (!device.empty() && t.column_text(2) != device) continue;
    tables.push_back({t.column_int(0), t.column_text(1), t.column_text(2), t.column_text(3),
                      t.column_text(4), t.column_text(5), t.column_text(6), t.column_text(7),
                      t.column_text(8)});
  }
  if (tables.empty()) {
    std::string known;
    for (const std::string& d : devices) known += (known.empty() ? "" : ", ") + d;
    throw std::invalid_argument(
        "'" + db_path + "' holds no cost table" +
        (device.empty() ? "" : " for device '" + device + "'") +
        (known.empty() ? " at all; run 'servesim calibrate' first" : " (devices: " + known + ")"));
  }

  std::string sql = "-- SPDX-License-Identifier: Apache-2.0\n";
  for (const TableRow& table : tables) {
    const std::string where = "cost table '" + table.name + "' in '" + db_path + "'";
    const std::string id =
        "(SELECT table_id FROM cost_tables WHERE name = " + quoted(table.name, where) + ")";
    sql += "-- Measured cost table '" + checked(table.name, where) + "' for " +
           checked(table.machine, where) + " (device key '" + checked(table.device, where) +
           "').\n";
    sql +=
        "-- Exported by 'servesim calibrate --export-sql' from a 'servesim calibrate' run; "
        "re-export\n-- rather than edit. How it was measured: calib/sweep/README.md.\n";
    sql +=
        "INSERT INTO cost_tables(name, device, machine, created_utc, library_versions, method, "
        "source, servesim_version) VALUES (" +
        quoted(table.name, where) + ", " + quoted(table.device, where) + ", " +
        quoted(table.machine, where) + ", " + quoted(table.created_utc, where) + ", " +
        quoted(table.library_versions, where) + ", " + quoted(table.method, where) + ", " +
        quoted(table.source, where) + ", " + quoted(table.version, where) + ");\n";

    auto power = db.prepare(
        "SELECT device, idle_w, busy_w, source FROM device_power WHERE table_id = ? "
        "ORDER BY device");
    power.bind(1, table.id);
    while (power.step()) {
      sql += "INSERT INTO device_power(table_id, device, idle_w, busy_w, source) VALUES (" + id +
             ", " + quoted(power.column_text(0), where) + ", " + fixed1(power.column_double(1)) +
             ", " + fixed1(power.column_double(2)) + ", " + quoted(power.column_text(3), where) +
             ");\n";
    }

    auto p = db.prepare(
        "SELECT op, model, precision, variant, batch, input_pixels, input_bytes, output_bytes, "
        "threads, mean_ns, stddev_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples, "
        "throughput_per_s, power_w, source" +
        sim::finer_quantile_columns(db, "cost_points") +
        " FROM cost_points WHERE table_id = ? "
        "ORDER BY op, model, precision, variant, batch, input_pixels, input_bytes, threads");
    p.bind(1, table.id);
    while (p.step()) {
      // The finer quantiles only where the point has them: older rows export as they always did.
      std::string finer_columns, finer_values;
      for (std::size_t i = 0; i < sim::kFinerQuantileCount; ++i) {
        const int column = 20 + static_cast<int>(i);
        if (p.column_is_null(column)) continue;
        finer_columns += std::string(", ") + sim::kFinerQuantiles[i].column;
        finer_values += ", " + fixed1(p.column_double(column));
      }
      sql +=
          "INSERT INTO cost_points(table_id, op, model, precision, variant, batch, input_pixels, "
          "input_bytes, output_bytes, threads, mean_ns, stddev_ns, min_ns, p50_ns, p90_ns, "
          "p99_ns, max_ns, samples, throughput_per_s, power_w, source" +
          finer_columns + ") VALUES (" + id + ", " + quoted(p.column_text(0), where) + ", " +
          quoted(p.column_text(1), where) + ", " + quoted(p.column_text(2), where) + ", " +
          quoted(p.column_text(3), where);
      for (int c = 4; c <= 8; ++c) sql += ", " + std::to_string(p.column_int(c));
      for (int c = 9; c <= 15; ++c) sql += ", " + fixed1(p.column_double(c));
      sql += ", " + std::to_string(p.column_int(16)) + ", " + optional_number(p, 17) + ", " +
             optional_number(p, 18) + ", " + quoted(p.column_text(19), where) + finer_values +
             ");\n";
    }

    auto f = db.prepare(
        "SELECT op, model, precision, variant, predictor, intercept_ns, slope_ns, r_squared, "
        "points, min_x, max_x FROM cost_fits WHERE table_id = ? "
        "ORDER BY op, model, precision, variant, predictor");
    f.bind(1, table.id);
    while (f.step()) {
      sql +=
          "INSERT INTO cost_fits(table_id, op, model, precision, variant, predictor, "
          "intercept_ns, slope_ns, r_squared, points, min_x, max_x) VALUES (" +
          id + ", " + quoted(f.column_text(0), where) + ", " + quoted(f.column_text(1), where) +
          ", " + quoted(f.column_text(2), where) + ", " + quoted(f.column_text(3), where) + ", " +
          quoted(f.column_text(4), where) + ", " + fixed1(f.column_double(5)) + ", " +
          significant6(f.column_double(6)) + ", " + significant6(f.column_double(7)) + ", " +
          std::to_string(f.column_int(8)) + ", " + fixed1(f.column_double(9)) + ", " +
          fixed1(f.column_double(10)) + ");\n";
    }
  }
  return sql;
}

}  // namespace servesim::calib
