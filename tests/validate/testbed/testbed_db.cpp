// SPDX-License-Identifier: Apache-2.0
#include "tests/validate/testbed/testbed_db.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace servesim::test {

std::vector<std::vector<std::string>> query_rows(const std::string& db_path,
                                                 const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path);
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    const std::string error = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(sql + ": " + error);
  }
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(statement); ++c) {
      const auto* text = sqlite3_column_text(statement, c);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

double query_number(const std::string& db_path, const std::string& sql) {
  const auto rows = query_rows(db_path, sql);
  if (rows.size() != 1 || rows[0].size() != 1) throw std::runtime_error(sql + ": not one value");
  return std::stod(rows[0][0]);
}

std::vector<StoredRequest> stored_requests(const std::string& db_path, std::int64_t run_id) {
  std::vector<StoredRequest> out;
  for (const auto& r : query_rows(db_path,
                                  "SELECT request_id, sent_ns, done_ns FROM requests "
                                  "WHERE run_id = " +
                                      std::to_string(run_id) + " ORDER BY sent_ns")) {
    out.push_back({std::stoll(r[0]), std::stoll(r[1]), std::stoll(r[2])});
  }
  return out;
}

std::vector<StoredStage> stored_stages(const std::string& db_path, std::int64_t run_id) {
  std::vector<StoredStage> out;
  for (const auto& r :
       query_rows(db_path,
                  "SELECT request_id, stage, category, enter_ns, start_ns, "
                  "end_ns, batch_size FROM request_stages WHERE run_id = " +
                      std::to_string(run_id) + " ORDER BY request_id, enter_ns, start_ns")) {
    out.push_back({std::stoll(r[0]), r[1], r[2], std::stoll(r[3]), std::stoll(r[4]),
                   std::stoll(r[5]), std::stoi(r[6])});
  }
  return out;
}

}  // namespace servesim::test
