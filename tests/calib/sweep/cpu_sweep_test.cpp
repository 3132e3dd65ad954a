// SPDX-License-Identifier: Apache-2.0
// The CPU calibration end to end: real kernels into a real SQLite file, read back by the
// simulator's cost model and used for a serving run; and what an interruption leaves behind.
#include "calib/sweep/cpu_sweep.hpp"

#include "calib/sweep/core_pin.hpp"
#include "sim/costs/cost_model.hpp"
#include "sim/serving/serving_simulation.hpp"
#include "sim/store/sqlite_db.hpp"
#include "sim/topology/topology_parser.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <stdexcept>

using namespace servesim::calib;
using servesim::sim::CostModel;
using servesim::sim::CostQuery;
using servesim::sim::SqliteDb;
using namespace std::chrono_literals;

namespace {

RepetitionPolicy tiny_policy() {
  RepetitionPolicy p;
  p.warmup_runs = 1;
  p.floor_repetitions = 2;
  p.min_repetitions = 6;
  p.max_repetitions = 8;
  p.max_point_time = 300ms;
  p.target_ci_fraction = 0.05;
  p.max_attempts = 1;
  return p;
}

std::int64_t stored_points(const std::string& db) {
  SqliteDb file = SqliteDb::open(db, /*read_only=*/true);
  auto rows = file.prepare("SELECT count(*) FROM cost_points");
  rows.step();
  return rows.column_int(0);
}

double estimate_ms(const CostModel& model, const std::string& op, const std::string& name,
                   int batch, std::int64_t pixels, std::int64_t bytes, std::string* basis,
                   const std::string& variant = "") {
  CostQuery q;
  q.device = "local";
  q.op = op;
  q.model = name;
  q.variant = variant;
  q.batch = batch;
  q.input_pixels = pixels;
  q.input_bytes = bytes;
  const auto e = model.estimate(q);
  if (basis) *basis = e.basis;
  return e.duration_ns.mean() / 1e6;
}

const char* const kLocalServer = R"(digraph local_cpu {
  cpu       [kind=cpu, device=local, cores=2];
  decode    [kind=stage, op=jpeg_decode, on=cpu];
  resize    [kind=stage, op=resize, on=cpu, out_px="224x224"];
  normalize [kind=stage, op=normalize, on=cpu];
  infer     [kind=stage, op=infer, model=mobilenetv2, on=cpu, max_batch=2, max_delay_us=2000];
  post      [kind=stage, op=postprocess, on=cpu];
  decode -> resize -> normalize -> infer -> post;
})";

}  // namespace

TEST_CASE("a tiny CPU calibration feeds the simulator end to end", "[slow]") {
  const std::string db = servesim::test::scratch_dir("sweep-e2e") + "/local.db";
  CpuSweepConfig config = CpuSweepConfig::quick();
  config.images = {parse_sweep_image("small"), parse_sweep_image("800x600")};
  config.resize_methods = {servesim::kernels::ResizeMethod::kBilinear};
  config.crop_sources = {{256, 256}};
  config.normalize_sizes = {{224, 224}};
  config.models = {"mobilenetv2"};
  config.infer_batches = {1, 2};
  config.policy = tiny_policy();
  config.infer_policy = tiny_policy();
  std::size_t measured_events = 0;
  const CpuSweepResult result = run_cpu_sweep(config, db, [&](const SweepProgress& p) {
    if (p.phase == SweepProgress::Phase::measured) ++measured_events;
  });
  // decode 2, resize 2, crop 1, normalize 1, postprocess 1, infer 2.
  CHECK(result.measured.size() == 9);
  CHECK(measured_events == 9);
  CHECK(stored_points(db) == 9);
  // Unpinned, every point is timed on each core in turn, in equal numbers.
  const std::size_t cores = servesim::calib::allowed_cores().size();
  for (const CostPoint& p : result.measured) {
    INFO(describe_point_key(p));
    CHECK(p.stats.samples >= 2);
    CHECK(p.stats.samples <= static_cast<std::int64_t>(8 * cores));
    CHECK(p.stats.samples % static_cast<std::int64_t>(cores) == 0);
    if (cores > 1) CHECK_THAT(p.source, Catch::Contains("pooled from every core"));
    CHECK(p.stats.min_ns > 0);
  }

  CostModel model;
  model.add_file(db);
  std::string basis;
  const std::int64_t small_px = 500 * 375;
  const double decode_small = estimate_ms(model, "jpeg_decode", "", 1, small_px, 0, &basis);
  CHECK(basis == "measured");
  // libjpeg-turbo decodes tens to hundreds of Mpx/s on one core (0.19 Mpx here).
  CHECK(decode_small > 0.05);
  CHECK(decode_small < 100.0);
  const double decode_large = estimate_ms(model, "jpeg_decode", "", 1, 800 * 600, 0, &basis);
  CHECK(basis == "measured");
  CHECK(decode_large > decode_small);  // 2.6x the pixels
  CHECK(estimate_ms(model, "resize", "", 1, small_px, 0, &basis, "bilinear") > 0.0);
  CHECK(basis == "measured");
  const double infer1 = estimate_ms(model, "infer", "mobilenetv2", 1, 50176, 0, &basis);
  CHECK(basis == "measured");
  // MobileNet-v2 is 0.3 GMACs: milliseconds to a second on one core, not microseconds.
  CHECK(infer1 > 1.0);
  CHECK(infer1 < 2000.0);
  const double infer2 = estimate_ms(model, "infer", "mobilenetv2", 2, 50176, 0, &basis);
  CHECK(infer2 > 1.2 * infer1);  // twice the work in one call
  const double post = estimate_ms(model, "postprocess", "", 1, 0, 4000, &basis);
  CHECK(basis == "measured");
  CHECK(post < 1.0);
  // The fits are stored: decode beyond the measured sizes comes from the fit.
  estimate_ms(model, "jpeg_decode", "", 1, 1920 * 1080, 0, &basis);
  CHECK(basis == "fit");

  // The simulator serves a CPU-only topology on device 'local' from this table.
  servesim::sim::ServingConfig serving;
  serving.topology = servesim::sim::parse_topology(kLocalServer, "local_cpu.dot");
  serving.images = servesim::sim::ImageMix::parse("small");
  serving.rate_per_s = 2.0;
  serving.duration_s = 60;
  serving.seed = 3;
  const auto served = servesim::sim::run_serving(serving, model);
  CHECK(served.throughput_rps > 0);
  CHECK(served.throughput_rps < 4.0);  // about the offered 2/s
  CHECK(served.mean_ms.value > decode_small + infer1);
}

TEST_CASE("an interrupted calibration keeps the points measured before it", "[unit]") {
  const std::string db = servesim::test::scratch_dir("sweep-interrupt") + "/partial.db";
  CpuSweepConfig config;
  config.ops = {"crop", "normalize"};
  config.crop_sources = {{256, 256}, {455, 256}};
  config.normalize_sizes = {{112, 112}, {224, 224}};
  config.policy = tiny_policy();
  std::size_t measured = 0;
  auto stop_after_two = [&](const SweepProgress& p) {
    if (p.phase != SweepProgress::Phase::measured) return;
    if (++measured == 2) throw std::runtime_error("stop");
  };
  CHECK_THROWS_WITH(run_cpu_sweep(config, db, stop_after_two), "stop");
  CHECK(stored_points(db) == 2);
  {
    SqliteDb file = SqliteDb::open(db, true);
    auto rows = file.prepare("SELECT op, input_pixels FROM cost_points ORDER BY input_pixels");
    REQUIRE(rows.step());
    CHECK(rows.column_text(0) == "crop");
    CHECK(rows.column_int(1) == 256 * 256);
    REQUIRE(rows.step());
    CHECK(rows.column_int(1) == 455 * 256);
  }
  // Resuming measures only the two missing points.
  config.resume = true;
  const CpuSweepResult rest = run_cpu_sweep(config, db);
  CHECK(rest.skipped == 2);
  CHECK(rest.measured.size() == 2);
  CHECK(rest.measured[0].op == "normalize");
  CHECK(stored_points(db) == 4);
  CHECK(rest.fits.size() == 2);  // crop and normalize, two sizes each
}

TEST_CASE("an unwritable database fails before anything is measured", "[unit]") {
  CpuSweepConfig config = CpuSweepConfig::quick();
  bool called = false;
  CHECK_THROWS_WITH(run_cpu_sweep(config, "/nonexistent-servesim-dir/costs.db",
                                  [&](const SweepProgress&) { called = true; }),
                    Catch::Contains("/nonexistent-servesim-dir/costs.db"));
  CHECK_FALSE(called);
  // A core the process may not run on is refused before the database is created.
  const std::string db = servesim::test::scratch_dir("sweep-bad-core") + "/costs.db";
  config.pin_core = 100000;
  CHECK_THROWS_WITH(run_cpu_sweep(config, db), Catch::Contains("cannot pin to core 100000"));
  CHECK_FALSE(std::ifstream(db).good());
}
