// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace servesim::calib::defaults {

/// One cost_points row of a default table. Times are per call of `batch` items.
struct CostRow {
  std::string op;
  std::string model;
  std::string precision;
  std::string variant;
  int batch = 1;
  std::int64_t input_pixels = 0;  ///< per item
  std::int64_t input_bytes = 0;   ///< per item; 0 = the cost does not depend on it
  std::int64_t output_bytes = 0;  ///< per item
  double mean_ns = 0;
  double p90_ns = 0;  ///< 0 = not published (then every quantile is the mean)
  std::optional<double> throughput_per_s;
  std::string source;  ///< a citation, or "derived: <method>"
};

/// Everything one calib/tables/<device>.sql file holds.
struct DeviceTable {
  std::string name;  ///< cost_tables.name, e.g. "a100-public"
  std::string device;
  std::string machine;
  std::string library_versions;
  std::string method;  ///< public | derived
  std::string source;
  double idle_w = 0;
  double busy_w = 0;
  std::string power_source;
  std::vector<CostRow> rows;
};

/// The SQL text of a table: a comment header, then INSERT statements into the cost-table schema
/// (sim/costs/cost_schema.hpp), one row per line, rows sorted by key, numbers in a fixed format,
/// so that regenerating from the same figures gives the same bytes. Throws std::invalid_argument
/// naming the row for an empty source, a non-ASCII character or a duplicate key.
std::string to_sql(const DeviceTable& table);

}  // namespace servesim::calib::defaults
