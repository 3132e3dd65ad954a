// SPDX-License-Identifier: Apache-2.0
// The SQL text export: the calib/tables style, stable, and it loads back into the cost model.
#include "calib/sweep/sql_export.hpp"

#include "calib/store/cost_table_writer.hpp"
#include "calib/sweep/table_fits.hpp"
#include "sim/costs/cost_model.hpp"
#include "sim/costs/cost_schema.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace servesim::calib;
using servesim::sim::CostModel;
using servesim::sim::CostQuery;

namespace {
CostTableInfo table_info(const std::string& name) {
  CostTableInfo info;
  info.name = name;
  info.device = "testcpu";
  info.source = "sql_export_test";
  info.machine = "test machine";
  info.library_versions = "none";
  return info;
}

std::string make_db() {
  const std::string db = servesim::test::process_scratch_dir("sweep-export") + "/export.db";
  CostTableWriter writer = CostTableWriter::open(db, table_info("export-test"));
  auto add = [&](const std::string& op, const std::string& model, std::int64_t batch,
                 std::int64_t pixels, std::vector<double> samples, const std::string& source) {
    CostPoint p;
    p.op = op;
    p.model = model;
    p.precision = model.empty() ? "" : "fp32";
    p.batch = batch;
    p.input_pixels = pixels;
    p.input_bytes = pixels / 10;
    p.output_bytes = pixels * 3;
    p.stats = CostPointStats::from_samples(std::move(samples));
    p.source = source;
    writer.append(p);
  };
  // Written out of key order on purpose.
  add("jpeg_decode", "", 1, 2000000, {6.0e6, 6.1e6, 6.2e6, 6.3e6, 6.4e6}, "it's medium");
  add("jpeg_decode", "", 1, 200000, {1000e3, 1100e3, 1200e3, 1300e3, 1400e3}, "small");
  add("infer", "resnet18", 1, 50176, {100e6, 101e6}, "forward");
  write_table_fits(writer);
  return db;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}
}  // namespace

TEST_CASE("exported SQL has one sorted INSERT per line, tables looked up by name", "[unit]") {
  const std::string db = make_db();
  const std::string sql = export_cost_tables_sql(db);
  CHECK(sql == export_cost_tables_sql(db));  // stable
  const auto lines = lines_of(sql);
  REQUIRE(lines.size() > 4);
  CHECK(lines[0] == "-- SPDX-License-Identifier: Apache-2.0");
  std::vector<std::string> point_lines, fit_lines;
  for (const std::string& line : lines) {
    if (line.rfind("--", 0) == 0) continue;
    CHECK(line.rfind("INSERT INTO ", 0) == 0);
    CHECK(line.substr(line.size() - 2) == ");");
    if (line.rfind("INSERT INTO cost_points", 0) == 0) point_lines.push_back(line);
    if (line.rfind("INSERT INTO cost_fits", 0) == 0) fit_lines.push_back(line);
  }
  REQUIRE(point_lines.size() == 3);
  CHECK(fit_lines.size() == 1);  // jpeg_decode by pixels; infer has one batch
  // Sorted by key: infer before jpeg_decode, then by pixels.
  CHECK(point_lines[0].find("'infer', 'resnet18', 'fp32'") != std::string::npos);
  CHECK(point_lines[1].find(", 200000, 20000, 600000, 1, 1200000.0,") != std::string::npos);
  CHECK(point_lines[2].find("'it''s medium'") != std::string::npos);
  for (const std::string& line : point_lines) {
    CHECK(line.find("(SELECT table_id FROM cost_tables WHERE name = 'export-test')") !=
          std::string::npos);
  }
  CHECK(sql.find("'measured'") != std::string::npos);
}

TEST_CASE("exported SQL loads back into the cost model with the stored values", "[unit]") {
  const std::string sql = export_cost_tables_sql(make_db(), "testcpu");
  CostModel model;
  model.add_sql_text("export", sql);
  CostQuery q;
  q.device = "testcpu";
  q.op = "jpeg_decode";
  q.input_pixels = 200000;
  auto e = model.estimate(q);
  CHECK(e.basis == "measured");
  CHECK(e.table == "export-test");
  CHECK(e.duration_ns.mean() == Approx(1200e3));  // the mean of the five samples
  // Halfway between the two sizes: the mean of 1.2 ms and 6.2 ms.
  q.input_pixels = 1100000;
  e = model.estimate(q);
  CHECK(e.basis == "interpolated");
  CHECK(e.duration_ns.mean() == Approx(3.7e6));
  // Beyond the range: the stored fit's slope (5 ms per 1.8 Mpx) from the nearest point.
  q.input_pixels = 3800000;
  e = model.estimate(q);
  CHECK(e.basis == "fit");
  CHECK(e.duration_ns.mean() == Approx(6.2e6 + 5e6 / 1.8e6 * 1.8e6));

  // Into an empty database with the schema: the same rows.
  auto copy = servesim::sim::SqliteDb::open(":memory:");
  copy.exec(servesim::sim::kCostSchemaSql);
  copy.exec(sql);
  auto rows = copy.prepare("SELECT count(*), sum(samples) FROM cost_points");
  REQUIRE(rows.step());
  CHECK(rows.column_int(0) == 3);
  CHECK(rows.column_int(1) == 5 + 5 + 2);
}

TEST_CASE("exporting a device the file does not have names the ones it has", "[unit]") {
  CHECK_THROWS_WITH(export_cost_tables_sql(make_db(), "a100"), Catch::Contains("testcpu"));
  CHECK_THROWS(export_cost_tables_sql("/nonexistent-dir/none.db"));
}

TEST_CASE("finer quantiles are exported where a point has them and load back", "[unit]") {
  const std::string db = servesim::test::process_scratch_dir("sweep-export") + "/finer.db";
  {
    CostTableWriter writer =
        CostTableWriter::open(db, table_info("finer-test"), CostTableWriter::Mode::replace);
    CostPoint p;
    p.op = "postprocess";
    p.input_bytes = 4000;
    p.output_bytes = 40;
    std::vector<double> samples;
    for (int i = 0; i <= 100; ++i) samples.push_back(1e6 + 1e4 * i);  // 1 ms + 10 us steps
    p.stats = CostPointStats::from_samples(samples);
    writer.append(p);
    p.input_bytes = 8000;  // a published figure beside it: no body, no finer columns
    p.stats = CostPointStats::from_samples({2e6});
    p.stats.finer_ns = servesim::sim::no_finer_quantiles();
    writer.append(p);
  }
  const std::string sql = export_cost_tables_sql(db, "testcpu");
  std::vector<std::string> point_lines;
  for (const std::string& line : lines_of(sql)) {
    if (line.rfind("INSERT INTO cost_points", 0) == 0) point_lines.push_back(line);
  }
  REQUIRE(point_lines.size() == 2);
  CHECK(point_lines[0].find("source, p1_ns, p10_ns, p25_ns, p75_ns, p95_ns, p999_ns)") !=
        std::string::npos);
  CHECK(point_lines[0].find(", 1010000.0, 1100000.0, 1250000.0, 1750000.0, 1950000.0, "
                            "1999000.0);") != std::string::npos);
  CHECK(point_lines[1].find("p1_ns") == std::string::npos);

  auto copy = servesim::sim::SqliteDb::open(":memory:");
  copy.exec(servesim::sim::kCostSchemaSql);
  copy.exec(sql);
  auto rows = copy.prepare("SELECT p25_ns, p999_ns FROM cost_points ORDER BY input_bytes");
  REQUIRE(rows.step());
  CHECK(rows.column_double(0) == Approx(1.25e6));
  CHECK(rows.column_double(1) == Approx(1.999e6));
  REQUIRE(rows.step());
  CHECK(rows.column_is_null(0));
}
