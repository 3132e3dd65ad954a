// SPDX-License-Identifier: Apache-2.0
#include "app/commands.hpp"
#include "sim/util/usage_error.hpp"
#include "tests/support/run_command.hpp"
#include "tests/validate/importers/fixture.hpp"

#include <catch2/catch.hpp>

#include "validate/importers/import_format.hpp"
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

using namespace servesim;
using servesim::test::count_rows;
using servesim::test::fixture;

namespace {
// Runs the subcommand in this process with stdout captured.
int run_import(const std::vector<std::string>& args, std::string* out = nullptr) {
  std::ostringstream captured;
  std::streambuf* saved = std::cout.rdbuf(captured.rdbuf());
  std::streambuf* saved_err = std::cerr.rdbuf(captured.rdbuf());
  try {
    const int code = app::import_command(args);
    std::cout.rdbuf(saved);
    std::cerr.rdbuf(saved_err);
    if (out) *out = captured.str();
    return code;
  } catch (...) {
    std::cout.rdbuf(saved);
    std::cerr.rdbuf(saved_err);
    throw;
  }
}
}  // namespace

TEST_CASE("import stores every run with all its rows", "[unit]") {
  const std::string db = test::scratch_dir("importers-cmd-store") + "/r.db";
  std::string out;
  REQUIRE(run_import({"--format", "perf-json", fixture("profile.json"), "--db", db}, &out) == 0);
  CHECK_THAT(out, Catch::Contains("concurrency=2") && Catch::Contains("request_rate=10.5"));
  REQUIRE(run_import({"--format=perf-csv", "--db", db, "--tag", "site-a",
                      fixture("perf_concurrency.csv")}) == 0);
  auto store = sim::ResultsStore::open(db);
  CHECK(count_rows(store, "runs") == 5);
  CHECK(count_rows(store, "requests") == 4 + 3);
  CHECK(count_rows(store, "runs WHERE kind = 'imported' AND seed = 0") == 5);
  CHECK(count_rows(store, "runs WHERE tag = 'site-a/concurrency=4'") == 1);
  auto p99 = store.db().prepare(
      "SELECT m.value FROM metrics m JOIN runs r USING(run_id) "
      "WHERE r.tag = 'site-a/concurrency=4' AND m.name = 'latency_ms.p99'");
  REQUIRE(p99.step());
  CHECK(p99.column_double(0) == Approx(21.0));
}

TEST_CASE("a malformed file writes nothing to the database", "[unit]") {
  const std::string db = test::scratch_dir("importers-cmd-bad") + "/r.db";
  REQUIRE(run_import({"--format", "perf-csv", fixture("perf_concurrency.csv"), "--db", db}) == 0);
  const char* tables[] = {"runs", "metrics", "breakdown", "resources", "requests", "histograms"};
  std::map<std::string, std::int64_t> rows_before;
  {
    auto store = sim::ResultsStore::open(db);
    for (const char* table : tables) rows_before[table] = count_rows(store, table);
  }
  // The good file's rows: 3 runs; 13 + 12 + 13 metrics (the middle row has no mean); 5 categories
  // per run.
  CHECK(rows_before["runs"] == 3);
  CHECK(rows_before["metrics"] == 38);
  CHECK(rows_before["breakdown"] == 15);

  const std::pair<const char*, const char*> bad[] = {
      {"perf-csv", "perf_bad_number.csv"},
      {"perf-json", "profile_missing_timestamp.json"},
      {"prometheus", "triton_bad_value.prom"},
      {"mlperf-summary", "mlperf_bad_latency.txt"},
      {"mlperf-detail", "mlperf_bad_json_detail.txt"},
  };
  for (const auto& [format, file] : bad) {
    INFO(file);
    CHECK_THROWS_AS(run_import({"--format", format, fixture(file), "--db", db}), sim::UsageError);
    CHECK_THROWS_WITH(
        run_import({"--format", format, fixture(file), "--db", db}),
        Catch::StartsWith("servesim import: ") && Catch::Contains(file + std::string(":")));
  }
  auto store = sim::ResultsStore::open(db);
  for (const char* table : tables) {
    INFO(table);
    CHECK(count_rows(store, table) == rows_before[table]);
  }
  // The error comes before the store is opened: a fresh path is not even created.
  const std::string fresh = test::scratch_dir("importers-cmd-fresh") + "/never.db";
  CHECK_THROWS(run_import({"--format", "perf-csv", fixture("perf_bad_number.csv"), "--db", fresh}));
  CHECK_FALSE(std::filesystem::exists(fresh));
}

TEST_CASE("import command-line mistakes are usage errors", "[unit]") {
  using Catch::Contains;
  CHECK_THROWS_WITH(run_import({fixture("profile.json")}), Contains("--format"));
  CHECK_THROWS_WITH(run_import({"--format", "csv", fixture("profile.json")}),
                    Contains("unknown format 'csv'"));
  CHECK_THROWS_WITH(run_import({"--format", "perf-csv"}), Contains("no FILE given"));
  CHECK_THROWS_WITH(run_import({"--format", "perf-csv", "a.csv", "b.csv"}),
                    Contains("one FILE expected"));
  CHECK_THROWS_WITH(run_import({"--format", "perf-csv", "a.csv", "--before", "b.prom"}),
                    Contains("prometheus only"));
  CHECK_THROWS_AS(run_import({"--format", "perf-csv", "a.csv", "--frobnicate"}), sim::UsageError);
  std::string help;
  CHECK(run_import({"--help"}, &help) == 0);
  CHECK_THAT(help, Contains("--before") && Contains("mlperf-detail"));
}

TEST_CASE("import format names round-trip", "[unit]") {
  for (const char* name :
       {"perf-csv", "perf-json", "prometheus", "mlperf-summary", "mlperf-detail"}) {
    CHECK(validate::to_string(validate::parse_import_format(name)) == name);
  }
  CHECK_THROWS_AS(validate::parse_import_format("perf"), std::invalid_argument);
}
