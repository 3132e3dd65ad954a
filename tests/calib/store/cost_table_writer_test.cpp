// SPDX-License-Identifier: Apache-2.0
#include "calib/store/cost_table_writer.hpp"

#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

using namespace servesim::calib;
using servesim::sim::SqliteDb;
using servesim::sim::StoreError;
namespace fs = std::filesystem;

namespace {
fs::path scratch_folder() { return servesim::test::process_scratch_dir("calib-store"); }

std::string fresh_db(const std::string& name) {
  const fs::path p = scratch_folder() / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
  return p.string();
}

CostTableInfo info(const std::string& name) {
  CostTableInfo i;
  i.name = name;
  i.device = "cpu";
  i.source = "servesim calibrate --brokers (test)";
  return i;
}

CostPoint broker_point(std::int64_t bytes, double base_ns) {
  CostPoint p;
  p.op = "broker";
  p.model = "redis";
  p.variant = "list";
  p.input_bytes = bytes;
  p.output_bytes = bytes;
  p.stats = CostPointStats::from_samples({base_ns, base_ns + 10, base_ns + 20, base_ns + 30});
  p.throughput_per_s = 1e9 / base_ns;
  return p;
}

// Counts rows through an independent connection, as the simulator would read them.
std::int64_t count_points(const std::string& path, const std::string& table_name) {
  SqliteDb db = SqliteDb::open(path, /*read_only=*/true);
  auto q = db.prepare(
      "SELECT count(*) FROM cost_points JOIN cost_tables USING(table_id) WHERE name = ?");
  q.bind(1, table_name);
  q.step();
  return q.column_int(0);
}
}  // namespace

TEST_CASE("a cost table round-trips with provenance, points, fits and power", "[unit]") {
  const std::string path = fresh_db("round-trip.db");
  {
    CostTableWriter writer = CostTableWriter::open(path, info("cpu-test"));
    writer.append(broker_point(1024, 50'000));
    CostPoint with_power = broker_point(4096, 80'000);
    with_power.power_w = 35.5;
    with_power.source = "measured here";
    writer.append(with_power);
    writer.write_fit({"broker", "redis", "", "list", "bytes", 49'000, 10.0, 0.99, 2, 1024, 4096});
    writer.write_power({"cpu", 20.0, 65.0, "RAPL"});
    CHECK(writer.point_count() == 2);
  }
  SqliteDb db = SqliteDb::open(path, true);
  auto table = db.prepare(
      "SELECT name, device, machine, created_utc, library_versions, method, source, "
      "servesim_version FROM cost_tables");
  REQUIRE(table.step());
  CHECK(table.column_text(0) == "cpu-test");
  CHECK(table.column_text(1) == "cpu");
  CHECK_THAT(table.column_text(2), Catch::Contains("logical cores"));
  CHECK(table.column_text(3).size() == 20);  // 2024-01-02T03:04:05Z
  CHECK_THAT(table.column_text(4), Catch::Contains("sqlite"));
  CHECK(table.column_text(5) == "measured");
  CHECK(table.column_text(6) == "servesim calibrate --brokers (test)");
  CHECK_THAT(table.column_text(7), Catch::StartsWith("0."));
  CHECK_FALSE(table.step());

  auto point = db.prepare(
      "SELECT op, model, variant, batch, input_bytes, mean_ns, stddev_ns, min_ns, p50_ns, "
      "p90_ns, p99_ns, max_ns, samples, throughput_per_s, power_w FROM cost_points "
      "ORDER BY input_bytes");
  REQUIRE(point.step());
  CHECK(point.column_text(0) == "broker");
  CHECK(point.column_text(1) == "redis");
  CHECK(point.column_text(2) == "list");
  CHECK(point.column_int(3) == 1);
  CHECK(point.column_int(4) == 1024);
  // Samples 50000, 50010, 50020, 50030: mean 50015, p50 50015, p90 50027, p99 50029.7.
  CHECK(point.column_double(5) == Approx(50'015));
  CHECK(point.column_double(6) == Approx(12.909944487));
  CHECK(point.column_double(7) == 50'000);
  CHECK(point.column_double(8) == Approx(50'015));
  CHECK(point.column_double(9) == Approx(50'027));
  CHECK(point.column_double(10) == Approx(50'029.7));
  CHECK(point.column_double(11) == 50'030);
  CHECK(point.column_int(12) == 4);
  CHECK(point.column_double(13) == Approx(20'000));
  CHECK(point.column_is_null(14));
  REQUIRE(point.step());
  CHECK(point.column_double(14) == Approx(35.5));

  auto fit = db.prepare("SELECT predictor, intercept_ns, slope_ns, points FROM cost_fits");
  REQUIRE(fit.step());
  CHECK(fit.column_text(0) == "bytes");
  CHECK(fit.column_double(2) == Approx(10.0));
  CHECK(fit.column_int(3) == 2);
  auto power = db.prepare("SELECT device, idle_w, busy_w FROM device_power");
  REQUIRE(power.step());
  CHECK(power.column_double(2) == Approx(65.0));
}

TEST_CASE("every point is committed as it is appended", "[unit]") {
  const std::string path = fresh_db("committed.db");
  CostTableWriter writer = CostTableWriter::open(path, info("live"));
  writer.append(broker_point(1024, 1000));
  writer.append(broker_point(2048, 2000));
  // A second connection sees both while the writer is still open (nothing pending).
  CHECK(count_points(path, "live") == 2);
  writer.append(broker_point(4096, 3000));
  CHECK(count_points(path, "live") == 3);
}

TEST_CASE("a killed calibration keeps the points already stored", "[unit]") {
  const std::string path = fresh_db("killed.db");
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child measures three points, then dies without any cleanup, as a crash would. It
    // must never return into the test runner, whatever happens.
    try {
      CostTableWriter writer = CostTableWriter::open(path, info("interrupted"));
      for (std::int64_t bytes : {1024, 2048, 4096}) writer.append(broker_point(bytes, 1000));
      raise(SIGKILL);
    } catch (...) {
    }
    _exit(1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(count_points(path, "interrupted") == 3);

  // Resuming keeps them, and a rerun can tell which points are done.
  CostTableWriter resumed =
      CostTableWriter::open(path, info("interrupted"), CostTableWriter::Mode::resume);
  CHECK(resumed.point_count() == 3);
  CHECK(resumed.has_point(broker_point(2048, 1)));
  CHECK_FALSE(resumed.has_point(broker_point(8192, 1)));
  resumed.append(broker_point(8192, 1000));
  CHECK(count_points(path, "interrupted") == 4);
}

TEST_CASE("a writer destroyed mid-way leaves its points for the next reader", "[unit]") {
  const std::string path = fresh_db("destroyed.db");
  {
    auto writer = std::make_unique<CostTableWriter>(CostTableWriter::open(path, info("partial")));
    writer->append(broker_point(1024, 1000));
    writer->append(broker_point(2048, 1000));
    writer.reset();  // the calibration stops here
  }
  CHECK(count_points(path, "partial") == 2);
}

TEST_CASE("replace mode drops the old table of that name, other tables stay", "[unit]") {
  const std::string path = fresh_db("replace.db");
  {
    CostTableWriter first = CostTableWriter::open(path, info("t"));
    first.append(broker_point(1024, 1000));
    first.append(broker_point(2048, 1000));
    first.write_power({"cpu", 1, 2, ""});
    CostTableWriter other = CostTableWriter::open(path, info("other"));
    other.append(broker_point(1024, 1000));
  }
  CostTableWriter again = CostTableWriter::open(path, info("t"));
  CHECK(again.point_count() == 0);
  CHECK(count_points(path, "t") == 0);
  CHECK(count_points(path, "other") == 1);
  auto power = again.db().prepare("SELECT count(*) FROM device_power");
  power.step();
  CHECK(power.column_int(0) == 0);
}

TEST_CASE("malformed points and duplicates are rejected and not stored", "[unit]") {
  const std::string path = fresh_db("bad-points.db");
  CostTableWriter writer = CostTableWriter::open(path, info("strict"));
  CostPoint no_op = broker_point(1024, 1000);
  no_op.op.clear();
  CHECK_THROWS_WITH(writer.append(no_op), Catch::Contains("'op'"));
  CostPoint zero_batch = broker_point(1024, 1000);
  zero_batch.batch = 0;
  CHECK_THROWS_WITH(writer.append(zero_batch),
                    Catch::Contains("'batch'") && Catch::Contains("input_bytes=1024"));
  CostPoint disordered = broker_point(1024, 1000);
  disordered.stats.p90_ns = disordered.stats.max_ns + 1;
  CHECK_THROWS_WITH(writer.append(disordered), Catch::Contains("quantiles"));
  CostPoint no_samples = broker_point(1024, 1000);
  no_samples.stats.samples = 0;
  CHECK_THROWS_AS(writer.append(no_samples), std::invalid_argument);

  writer.append(broker_point(1024, 1000));
  CHECK_THROWS_WITH(writer.append(broker_point(1024, 2000)),
                    Catch::Contains("already stored") && Catch::Contains("model=redis"));
  CHECK(writer.point_count() == 1);
  CHECK_THROWS_WITH(
      writer.write_fit({"broker", "redis", "", "list", "megabytes", 0, 1, 1, 2, 0, 1}),
      Catch::Contains("predictor"));
  CHECK_THROWS_WITH(writer.write_power({"cpu", 50, 10, ""}), Catch::Contains("idle_w"));
}

TEST_CASE("a bad database path or table description fails with the reason", "[unit]") {
  CHECK_THROWS_AS(CostTableWriter::open("/nonexistent-dir/sub/costs.db", info("x")), StoreError);
  CHECK_THROWS_WITH(CostTableWriter::open("/nonexistent-dir/sub/costs.db", info("x")),
                    Catch::Contains("/nonexistent-dir/sub/costs.db"));
  CostTableInfo no_device = info("x");
  no_device.device.clear();
  CHECK_THROWS_WITH(CostTableWriter::open(fresh_db("never.db"), no_device),
                    Catch::Contains("device"));
  CostTableInfo odd_method = info("x");
  odd_method.method = "guessed";
  CHECK_THROWS_WITH(CostTableWriter::open(fresh_db("never.db"), odd_method),
                    Catch::Contains("guessed"));
}
