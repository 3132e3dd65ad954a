// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/sqlite_db.hpp"

#include <string>

namespace servesim::sim {

/// Creates the cost-table schema in `db`, or brings a file an older servesim wrote up to the
/// current version (adds the finer-quantile columns, records the version). For files opened to
/// be written; a reader leaves the file as it is and asks finer_quantile_columns.
void ensure_cost_schema(SqliteDb& db);

/// The finer-quantile columns of cost_points as a select-list tail (", p.p1_ns, ..., p.p999_ns"
/// for alias "p"), or as many NULLs for a file written before they existed.
std::string finer_quantile_columns(SqliteDb& db, const std::string& table_alias);

}  // namespace servesim::sim
