// SPDX-License-Identifier: Apache-2.0
// `servesim calibrate` through the built binary: failures give one clear line and a non-zero
// exit; a small run and its SQL export work.
#include "sim/costs/cost_model.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using servesim::test::run_servesim;

namespace {
std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("calibrate refuses an unknown backend in one line", "[unit]") {
  const auto r = run_servesim("calibrate --backend gpu");
  CHECK(r.exit_code == 2);
  CHECK(line_count(r.err) == 1);
  CHECK_THAT(r.err,
             Catch::Contains("--backend 'gpu'") && Catch::Contains("cpu, broker, cuda or testbed"));
  const auto none = run_servesim("calibrate");
  CHECK(none.exit_code == 2);
  CHECK_THAT(none.err, Catch::Contains("--backend is required"));
}

TEST_CASE("calibrate refuses a bad --corun before measuring anything", "[unit]") {
  const std::string db = servesim::test::scratch_dir("calibrate-corun") + "/c.db";
  const auto model = run_servesim("calibrate --backend cpu --corun no_such_model --db " + db);
  CHECK(model.exit_code != 0);
  CHECK_THAT(model.err, Catch::Contains("--corun") && Catch::Contains("no_such_model"));
  const auto backend = run_servesim("calibrate --backend broker --corun mobilenetv2 --db " + db);
  CHECK(backend.exit_code != 0);
  CHECK_THAT(backend.err, Catch::Contains("--corun applies to --backend cpu only"));
  const auto warm = run_servesim("calibrate --backend broker --warm-caches --db " + db);
  CHECK(warm.exit_code != 0);
  CHECK_THAT(warm.err, Catch::Contains("--warm-caches applies to --backend cpu only"));
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("calibrate names an unwritable database in one line", "[unit]") {
  const auto r = run_servesim("calibrate --backend cpu --quick --db /nonexistent-servesim/c.db");
  CHECK(r.exit_code != 0);
  CHECK(line_count(r.err) == 1);
  CHECK_THAT(r.err, Catch::Contains("/nonexistent-servesim/c.db"));
}

TEST_CASE("calibrate --backend cuda without a GPU says so in one line", "[unit]") {
  const auto r = run_servesim("calibrate --backend cuda");
  CHECK(r.exit_code != 0);
  CHECK(line_count(r.err) == 1);
  CHECK_THAT(r.err, Catch::StartsWith("servesim calibrate: --backend cuda needs a CUDA GPU; "
                                      "none found ("));
}

TEST_CASE("calibrate names an unreachable broker in one line and writes nothing", "[unit]") {
  const std::string dir = servesim::test::scratch_dir("calibrate-broker-url");
  const auto r = run_servesim("calibrate --backend broker --broker-url redis://127.0.0.1:1 --db " +
                              dir + "/b.db");
  CHECK(r.exit_code != 0);
  CHECK(line_count(r.err) == 1);
  CHECK_THAT(r.err, Catch::Contains("redis://127.0.0.1:1"));
  CHECK_FALSE(std::ifstream(dir + "/b.db").good());
  const auto bad = run_servesim("calibrate --backend broker --broker-url kafka://x:1");
  CHECK(bad.exit_code != 0);
  CHECK(line_count(bad.err) == 1);
  CHECK_THAT(bad.err, Catch::Contains("kafka://x:1"));
}

TEST_CASE("calibrate measures a small CPU grid and exports it as SQL", "[slow]") {
  const std::string dir = servesim::test::scratch_dir("calibrate-cli-cpu");
  const auto r = run_servesim(
      "calibrate --backend cpu --quick --ops crop,normalize,postprocess "
      "--device testbox --db " +
      dir + "/c.db --export-sql " + dir + "/testbox.sql");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("calibrated 5 point(s)"));
  CHECK_THAT(r.err, Catch::Contains("[5/5]"));  // plain progress lines: stderr is a file
  const std::string sql = read_text(dir + "/testbox.sql");
  CHECK_THAT(sql, Catch::Contains("'testbox-cpu-measured'"));
  servesim::sim::CostModel model;
  model.add_sql_text("testbox.sql", sql);
  servesim::sim::CostQuery q;
  q.device = "testbox";
  q.op = "normalize";
  q.input_pixels = 224 * 224;
  CHECK(model.estimate(q).basis == "measured");
  // Export alone, from the database file.
  const auto again =
      run_servesim("calibrate --export-sql " + dir + "/again.sql --db " + dir + "/c.db");
  REQUIRE(again.exit_code == 0);
  CHECK(read_text(dir + "/again.sql") == sql);
}
