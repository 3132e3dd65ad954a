// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace servesim::sim {

/// Any failure to read or write a SQLite file; the message names the file and what to do.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A prepared statement bound to a connection; reset on each step cycle.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql, const std::string& path);
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::string_view value);
  SqliteStatement& bind_null(int index);
  /// True while a row is available; false when done.
  bool step();
  /// Runs a statement that returns no rows, then resets it for reuse.
  void execute();
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string path_;
};

/// A connection to one SQLite file. Opening checks that the file is writable (or readable with
/// read_only) at once, so a bad path fails before any work is done.
class SqliteDb {
 public:
  static SqliteDb open(const std::string& path, bool read_only = false);
  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  void exec(std::string_view sql);
  SqliteStatement prepare(std::string_view sql) { return SqliteStatement(db_, sql, path_); }
  std::int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }
  /// The columns of `table` in their order (none when there is no such table).
  std::vector<std::string> column_names(std::string_view table);

  /// Commits on commit(), rolls back if destroyed first: a failure leaves no half-written run.
  class Transaction {
   public:
    explicit Transaction(SqliteDb& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

   private:
    SqliteDb& db_;
    bool done_ = false;
  };

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

}  // namespace servesim::sim
