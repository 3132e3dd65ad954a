// SPDX-License-Identifier: Apache-2.0
#include "sim/store/sqlite_db.hpp"

#include <sqlite3.h>

#include <utility>

namespace servesim::sim {
namespace {
[[noreturn]] void fail(sqlite3* db, const std::string& path, std::string_view doing) {
  std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
  throw StoreError("database '" + path + "': " + std::string(doing) + ": " + reason);
}
}  // namespace

SqliteDb SqliteDb::open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StoreError("database '" + path + "': cannot open (" + reason +
                     "); check that the directory exists and is writable");
  }
  SqliteDb handle(db, path);
  sqlite3_busy_timeout(db, 10'000);  // sweeps write from several processes
  // Touch the file now so an unwritable or non-SQLite path fails before any work is done.
  if (!read_only) {
    if (sqlite3_db_readonly(db, "main") == 1) {
      throw StoreError("database '" + path + "': file is read-only; choose a writable path");
    }
    handle.exec("PRAGMA journal_mode=WAL");
  } else {
    handle.exec("SELECT count(*) FROM sqlite_master");
  }
  return handle;
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

void SqliteDb::exec(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string reason = error ? error : "unknown error";
    sqlite3_free(error);
    throw StoreError("database '" + path_ + "': " + reason);
  }
}

std::int64_t SqliteDb::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::vector<std::string> SqliteDb::column_names(std::string_view table) {
  auto info = prepare("SELECT name FROM pragma_table_info(?)");
  info.bind(1, table);
  std::vector<std::string> names;
  while (info.step()) names.push_back(info.column_text(0));
  return names;
}

SqliteDb::Transaction::Transaction(SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

SqliteDb::Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // NOLINT: a destructor must not throw; the file stays consistent anyway
    }
  }
}

void SqliteDb::Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql, const std::string& path)
    : db_(db), path_(path) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    fail(db, path_, "preparing '" + std::string(sql.substr(0, 60)) + "'");
  }
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), path_(std::move(other.path_)) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
SqliteStatement& SqliteStatement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, path_, "writing");
}

void SqliteStatement::execute() {
  while (step()) {
  }
  reset();
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t SqliteStatement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}
double SqliteStatement::column_double(int index) const {
  return sqlite3_column_double(stmt_, index);
}
std::string SqliteStatement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  return text ? reinterpret_cast<const char*>(text) : "";
}
bool SqliteStatement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace servesim::sim
