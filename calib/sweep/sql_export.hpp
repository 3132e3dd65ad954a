// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace servesim::calib {

/// The cost tables of a database as reviewable SQL text in the style of calib/tables/*.sql: a
/// comment header, then one INSERT per line (cost_tables, device_power, cost_points sorted by
/// key, cost_fits sorted by key), rows referring to their table by name with a subselect, times
/// with one decimal, fits with six significant digits. Running it against an empty database
/// with the schema (sim/costs/cost_schema.hpp) recreates the tables.
///
/// `device` selects the tables of one device key; empty exports every table. Throws
/// sim::StoreError for a file that cannot be read and std::invalid_argument when nothing
/// matches (naming the devices the file has), or for text that is not plain ASCII.
std::string export_cost_tables_sql(const std::string& db_path, const std::string& device = "");

}  // namespace servesim::calib
