// SPDX-License-Identifier: Apache-2.0
#include "sim/costs/cost_schema_upgrade.hpp"

#include "sim/costs/cost_schema.hpp"

#include <set>

namespace servesim::sim {
namespace {

std::set<std::string> cost_point_columns(SqliteDb& db) {
  std::set<std::string> columns;
  auto info = db.prepare("PRAGMA table_info(cost_points)");
  while (info.step()) columns.insert(info.column_text(1));
  return columns;
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
