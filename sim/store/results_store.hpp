// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"
#include "sim/store/sqlite_db.hpp"

#include <cstdint>
#include <string>

namespace servesim::sim {

/// The results database (one SQLite file, ns-3 style: every run tagged and stored). Simulated and
/// measured runs share its tables, so they compare with one query.
class ResultsStore {
 public:
  /// Opens or creates the file and its schema; throws StoreError naming the path on failure.
  static ResultsStore open(const std::string& path);
  /// Fails now, with the reason, if `path` could not be opened for writing later; creates
  /// nothing (an existing file is only checked to be a results database).
  static void check_writable(const std::string& path);

  /// Writes the run and all its rows in one transaction and returns its run_id. An error or
  /// interruption leaves the file as it was.
  std::int64_t write(const RunResult& result);

  SqliteDb& db() { return db_; }

 private:
  explicit ResultsStore(SqliteDb db) : db_(std::move(db)) {}
  SqliteDb db_;
};

}  // namespace servesim::sim
