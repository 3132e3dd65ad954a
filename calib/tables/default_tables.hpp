// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace servesim::calib {

/// One shipped default cost table: the SQL text of calib/tables/<device>.sql, embedded at build
/// time. Load it with sim::CostModel::add_sql_text(name, sql); a measured table for the same
/// device added later replaces it.
struct DefaultCostTable {
  std::string name;  ///< the file name without ".sql", which is the device key ("a100")
  std::string sql;   ///< INSERT statements into the cost-table schema (sim/costs/cost_schema.hpp)
};

/// Every shipped default table, sorted by name. Built on first use; never throws.
const std::vector<DefaultCostTable>& default_cost_tables();

}  // namespace servesim::calib
