// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/cost_schema_upgrade.hpp"

#include "sim/costs/cost_schema.hpp"

#include <set>

namespace servesim::sim {
namespace {

std::set<std::string> cost_point_columns(SqliteDb& db) {
  const std::vector<std::string> names = db.column_names("cost_points");
  return {names.begin(), names.end()};
}

}  // namespace

void ensure_cost_schema(SqliteDb& db) {
  db.exec(kCostSchemaSql);
  const std::set<std::string> columns = cost_point_columns(db);
  SqliteDb::Transaction transaction(db);
  for (const FinerQuantile& q : kFinerQuantiles) {
    if (!columns.count(q.column)) {
      db.exec(std::string("ALTER TABLE cost_points ADD COLUMN ") + q.column + " REAL");
    }
  }
  db.exec("UPDATE cost_schema_info SET value = '" + std::to_string(kCostSchemaVersion) +
          "' WHERE key = 'cost_schema_version'");
  transaction.commit();
}

std::string finer_quantile_columns(SqliteDb& db, const std::string& table_alias) {
  const std::set<std::string> columns = cost_point_columns(db);
  std::string list;
  for (const FinerQuantile& q : kFinerQuantiles) {
    list += columns.count(q.column) ? ", " + table_alias + "." + q.column : std::string(", NULL");
  }
  return list;
}

}  // namespace servesim::sim
