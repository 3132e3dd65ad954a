// SPDX-License-Identifier: Apache-2.0
// Reading a device's rows back: what the writer stored, and which source the cost model uses.
#include "calib/store/cost_table_reader.hpp"

#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

using namespace servesim::calib;

namespace {

CostPoint point(const std::string& op, std::int64_t pixels, double mean_ns) {
  CostPoint p;
  p.op = op;
  p.input_pixels = pixels;
  p.stats = CostPointStats::from_samples({mean_ns, mean_ns});
  p.throughput_per_s = 1e9 / mean_ns;
  p.source = "test " + op;
  return p;
}

void write_table(const std::string& db, const std::string& name, const std::string& device,
                 double decode_ns) {
  CostTableWriter writer = CostTableWriter::open(db, {name, device, "measured", "test", "", ""});
  writer.append(point("jpeg_decode", 187500, decode_ns));
  writer.append(point("resize", 187500, 0.5e6));
  writer.write_fit({"jpeg_decode", "", "", "", "pixels", 1e3, 2.0, 0.99, 2, 1e5, 1e7});
  writer.write_power({device, 10, 50, "test power"});
}

}  // namespace

TEST_CASE("read_device_rows returns what the writer stored for the device", "[unit]") {
  const std::string db = servesim::test::process_scratch_dir("cost-reader") + "/a.db";
  write_table(db, "cpu-a", "cpu", 1e6);
  write_table(db, "gpu-a", "gpu", 2e6);
  auto file = servesim::sim::SqliteDb::open(db, true);
  const DeviceCostRows rows = read_device_rows(file, "cpu", db);
  REQUIRE(rows.points.size() == 2);
  CHECK(rows.table_names == std::vector<std::string>{"cpu-a"});
  CHECK(rows.points[0].op == "jpeg_decode");
  CHECK(rows.points[0].stats.mean_ns == Approx(1e6));
  CHECK(rows.points[0].throughput_per_s.value() == Approx(1000));
  CHECK(rows.points[0].source == "test jpeg_decode");
  REQUIRE(rows.fits.size() == 1);
  CHECK(rows.fits[0].slope_ns == Approx(2.0));
  REQUIRE(rows.power);
  CHECK(rows.power->busy_w == Approx(50));
  CHECK(read_device_rows(file, "tpu", db).points.empty());
}

TEST_CASE("effective_device_rows follows the cost model: the last source with the device",
          "[unit]") {
  const std::string dir = servesim::test::process_scratch_dir("cost-reader-layers");
  write_table(dir + "/first.db", "cpu-1", "cpu", 1e6);
  write_table(dir + "/second.db", "cpu-2", "cpu", 3e6);
  write_table(dir + "/third.db", "gpu-3", "gpu", 5e6);
  const DeviceCostRows rows =
      effective_device_rows({dir + "/first.db", dir + "/second.db", dir + "/third.db"}, "cpu");
  CHECK(rows.origin == dir + "/second.db");
  REQUIRE_FALSE(rows.points.empty());
  CHECK(rows.points[0].stats.mean_ns == Approx(3e6));
  CHECK(effective_device_rows({dir + "/first.db"}, "cpu").origin == dir + "/first.db");
  CHECK(effective_device_rows({dir + "/third.db"}, "cpu").points.empty());
}
