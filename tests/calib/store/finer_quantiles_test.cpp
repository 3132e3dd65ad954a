// SPDX-License-Identifier: Apache-2.0
// The finer quantiles of a cost point (schema version 2): measured, stored, read back, checked,
// brought into files an older servesim wrote, and the shape the cost model samples from.
#include "calib/store/cost_table_reader.hpp"
#include "calib/store/cost_table_writer.hpp"
#include "sim/costs/cost_model.hpp"
#include "sim/costs/cost_schema.hpp"
#include "sim/costs/cost_schema_upgrade.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <numeric>

using namespace servesim::calib;
using servesim::sim::SqliteDb;
namespace sim = servesim::sim;
namespace fs = std::filesystem;

namespace {
std::string fresh_db(const std::string& name) {
  const fs::path p = fs::path(servesim::test::process_scratch_dir("finer-quantiles")) / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

CostTableInfo info() {
  CostTableInfo i;
  i.name = "cpu-finer";
  i.device = "cpu";
  i.method = "measured";
  i.source = "finer_quantiles_test";
  return i;
}

/// A peaked call: 90 of 100 calls take 21-24 ms, five are fast (down to 10 ms), five stall.
std::vector<double> peaked_samples_ns() {
  std::vector<double> v;
  for (int i = 0; i < 5; ++i) v.push_back((10 + 2 * i) * 1e6);
  for (int i = 0; i < 90; ++i) v.push_back((21 + 3.0 * i / 89) * 1e6);
  for (int i = 0; i < 5; ++i) v.push_back((30 + 10 * i) * 1e6);
  return v;
}

CostPoint infer_point(int batch, const std::vector<double>& samples_ns) {
  CostPoint p;
  p.op = "infer";
  p.model = "mobilenetv2";
  p.precision = "fp32";
  p.batch = batch;
  p.input_pixels = 224 * 224;
  p.input_bytes = 224 * 224 * 12;
  p.output_bytes = 4000;
  p.stats = CostPointStats::from_samples(samples_ns);
  return p;
}

sim::CostQuery infer_query(int batch) {
  sim::CostQuery q;
  q.device = "cpu";
  q.op = "infer";
  q.model = "mobilenetv2";
  q.batch = batch;
  q.input_pixels = 224 * 224;
  return q;
}
}  // namespace

TEST_CASE("a point's finer quantiles are the type-7 quantiles of its samples", "[unit]") {
  std::vector<double> v(101);
  std::iota(v.begin(), v.end(), 0.0);  // 0..100: the quantile at level q is 100 q
  const CostPointStats s = CostPointStats::from_samples(v);
  for (std::size_t i = 0; i < sim::kFinerQuantileCount; ++i) {
    CHECK(s.finer_ns[i] == Approx(100 * sim::kFinerQuantiles[i].level));
  }
  const CostPointStats one = CostPointStats::single(5e6);
  for (double q : one.finer_ns) CHECK(q == 5e6);
}

TEST_CASE("finer quantiles are stored, read back, and unknown ones stay unknown", "[unit]") {
  const std::string path = fresh_db("round-trip.db");
  CostPoint published = infer_point(2, {40e6});
  published.stats.finer_ns = sim::no_finer_quantiles();  // a single figure: no body
  {
    CostTableWriter w = CostTableWriter::open(path, info(), CostTableWriter::Mode::replace);
    w.append(infer_point(1, peaked_samples_ns()));
    w.append(published);
  }
  SqliteDb db = SqliteDb::open(path, /*read_only=*/true);
  const DeviceCostRows rows = read_device_rows(db, "cpu", path);
  REQUIRE(rows.points.size() == 2);
  const CostPointStats expected = CostPointStats::from_samples(peaked_samples_ns());
  for (std::size_t i = 0; i < sim::kFinerQuantileCount; ++i) {
    CHECK(rows.points[0].stats.finer_ns[i] == Approx(expected.finer_ns[i]));
    CHECK(std::isnan(rows.points[1].stats.finer_ns[i]));
  }
  auto nulls = db.prepare("SELECT count(*) FROM cost_points WHERE p10_ns IS NULL");
  REQUIRE(nulls.step());
  CHECK(nulls.column_int(0) == 1);
}

TEST_CASE("a point whose finer quantiles fall as the level rises is refused by name", "[unit]") {
  const std::string path = fresh_db("refused.db");
  CostTableWriter w = CostTableWriter::open(path, info(), CostTableWriter::Mode::replace);
  CostPoint p = infer_point(1, peaked_samples_ns());
  p.stats.finer_ns[2] = p.stats.finer_ns[1] - 1e6;  // p25 below p10
  try {
    w.append(p);
    FAIL("a falling p25 was stored");
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    CHECK(message.find("p25_ns is below p10_ns") != std::string::npos);
    CHECK(message.find("op=infer") != std::string::npos);
  }
  p = infer_point(1, peaked_samples_ns());
  p.stats.finer_ns[4] = -1;  // p95
  CHECK_THROWS_WITH(w.append(p), Catch::Contains("finer quantiles must be finite"));
  w.append(infer_point(1, peaked_samples_ns()));  // nothing half-written blocks the good one
}

TEST_CASE("a cost file written before the finer quantiles reads and takes new points", "[unit]") {
  const std::string path = fresh_db("version-1.db");
  {
    // The version-1 layout: cost_points without the finer columns.
    SqliteDb db = SqliteDb::open(path);
    std::string v1 = sim::kCostSchemaSql;
    for (const sim::FinerQuantile& q : sim::kFinerQuantiles) {
      const std::string line = std::string("  ") + q.column + " REAL,";
      const auto at = v1.find(line);
      REQUIRE(at != std::string::npos);
      v1.erase(at, v1.find('\n', at) + 1 - at);
    }
    db.exec(v1);
    db.exec("UPDATE cost_schema_info SET value = '1'");
    db.exec(
        "INSERT INTO cost_tables VALUES (1, 'cpu-old', 'cpu', 'm', 't', 'l', 'measured', 's', "
        "'0.1')");
    db.exec(
        "INSERT INTO cost_points(table_id, op, model, precision, batch, input_pixels, "
        "input_bytes, output_bytes, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples) "
        "VALUES (1, 'infer', 'mobilenetv2', 'fp32', 1, 50176, 602112, 4000, 2e7, 1e7, 2e7, 2.5e7, "
        "2.9e7, 3e7, 10)");
  }
  {
    SqliteDb db = SqliteDb::open(path, /*read_only=*/true);
    CHECK(sim::finer_quantile_columns(db, "p") == ", NULL, NULL, NULL, NULL, NULL, NULL");
    const DeviceCostRows rows = read_device_rows(db, "cpu", path);
    REQUIRE(rows.points.size() == 1);
    CHECK(std::isnan(rows.points[0].stats.finer_ns[1]));
  }
  sim::CostModel old_file;
  old_file.add_file(path);
  CHECK(old_file.estimate(infer_query(1)).duration_ns.quantile(0.5) == Approx(2e7).epsilon(0.1));

  CostTableInfo newer = info();
  newer.name = "cpu-new";
  CostTableWriter::open(path, newer, CostTableWriter::Mode::replace)
      .append(infer_point(2, peaked_samples_ns()));
  SqliteDb db = SqliteDb::open(path, /*read_only=*/true);
  CHECK(sim::finer_quantile_columns(db, "p") ==
        ", p.p1_ns, p.p10_ns, p.p25_ns, p.p75_ns, p.p95_ns, p.p999_ns");
  auto version = db.prepare("SELECT value FROM cost_schema_info");
  REQUIRE(version.step());
  CHECK(version.column_text(0) == std::to_string(sim::kCostSchemaVersion));
  auto counts = db.prepare("SELECT count(*), count(p10_ns) FROM cost_points");
  REQUIRE(counts.step());
  CHECK(counts.column_int(0) == 2);  // the old point kept, the new one beside it
  CHECK(counts.column_int(1) == 1);
}

TEST_CASE("the cost model samples a peaked call with its body, not a line from its minimum",
          "[unit]") {
  const std::string path = fresh_db("shape.db");
  const std::vector<double> samples = peaked_samples_ns();
  {
    CostTableWriter w = CostTableWriter::open(path, info(), CostTableWriter::Mode::replace);
    w.append(infer_point(1, samples));
    CostPoint coarse = infer_point(3, samples);
    coarse.stats.finer_ns = sim::no_finer_quantiles();
    w.append(coarse);
  }
  sim::CostModel costs;
  costs.add_file(path);
  const sim::Distribution finer = costs.estimate(infer_query(1)).duration_ns;
  const sim::Distribution coarse = costs.estimate(infer_query(3)).duration_ns;
  // Nine calls in ten take at least 21 ms; five quantiles, even bent to the mean, put the tenth
  // percentile near 15.
  CHECK(finer.quantile(0.10) / finer.quantile(0.5) == Approx(21.0 / 22.5).epsilon(0.02));
  CHECK(coarse.quantile(0.10) / coarse.quantile(0.5) < 0.75);
  CHECK(finer.mean() == Approx(coarse.mean()));  // both keep the measured mean
  // Between a point with finer quantiles and one without, the shape falls back to five.
  const sim::Distribution between = costs.estimate(infer_query(2)).duration_ns;
  CHECK(between.quantile(0.10) / between.quantile(0.5) < 0.75);
}
