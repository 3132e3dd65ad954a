// SPDX-License-Identifier: Apache-2.0
// `servesim calibrate --backend testbed` through the built binary: a short live calibration
// writes tables the simulator loads, carrying the base's other rows; mistakes are refused
// before anything runs.
#include "sim/costs/cost_model.hpp"
#include "sim/store/sqlite_db.hpp"
#include "tests/support/run_command.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using servesim::test::run_servesim;

namespace {
const std::string kCpuOnly = std::string(SERVESIM_SOURCE_DIR) + "/topologies/cpu_only.dot";
}  // namespace

TEST_CASE("calibrate --backend testbed refuses mistakes before running anything", "[unit]") {
  const std::string db = servesim::test::process_scratch_dir("insitu-cli-refuse") + "/c.db";
  const auto no_topology = run_servesim("calibrate --backend testbed --db " + db);
  CHECK(no_topology.exit_code == 2);
  CHECK_THAT(no_topology.err, Catch::Contains("--topology"));
  const auto device =
      run_servesim("calibrate --backend testbed --topology " + kCpuOnly + " --device x --db " + db);
  CHECK(device.exit_code == 2);
  CHECK_THAT(device.err, Catch::Contains("--device does not apply"));
  const auto image = run_servesim("calibrate --backend testbed --topology " + kCpuOnly +
                                  " --image huge --db " + db);
  CHECK(image.exit_code == 2);
  CHECK_THAT(image.err, Catch::Contains("--image") && Catch::Contains("huge"));
  const auto concurrency = run_servesim("calibrate --backend testbed --topology " + kCpuOnly +
                                        " --concurrency 1,x --db " + db);
  CHECK(concurrency.exit_code == 2);
  CHECK_THAT(concurrency.err, Catch::Contains("'x' is not a positive whole number"));
  const auto gpu =
      run_servesim("calibrate --backend testbed --topology " + std::string(SERVESIM_SOURCE_DIR) +
                   "/topologies/gpu_preproc_1gpu.dot --db " + db);
  CHECK(gpu.exit_code != 0);
  const auto other = run_servesim("calibrate --backend cpu --topology " + kCpuOnly + " --db " + db);
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.err, Catch::Contains("apply to --backend testbed only"));
  CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("calibrate --backend testbed times the live server's stages into loadable tables",
          "[slow]") {
  const std::string db = servesim::test::process_scratch_dir("insitu-cli") + "/insitu.db";
  // A 64x64 model input keeps the runs short in sanitizer builds; the stages are the same.
  const auto r = run_servesim("calibrate --backend testbed --topology " + kCpuOnly +
                              " --set resize.out_px=64x64 --image small --concurrency 1,8 "
                              "--duration-s 4 --db " +
                              db);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("device local:") && Catch::Contains("device local-corun:"));
  // At eight clients batches wait for an instance: the share batch_first_share models is reported.
  CHECK_THAT(r.out, Catch::Contains("stage infer: the next batch went ahead of the finished "
                                    "items after") &&
                        Catch::Contains("(the topology sets batch_first_share=0.7)"));

  auto file = servesim::sim::SqliteDb::open(db, true);
  auto count = [&](const std::string& where) {
    auto q = file.prepare(
        "SELECT count(*) FROM cost_points p JOIN cost_tables t "
        "USING (table_id) WHERE " +
        where);
    q.step();
    return q.column_int(0);
  };
  // The decode of a small image alone was measured in situ, replacing the shipped point.
  CHECK(count("t.device = 'local' AND p.op = 'jpeg_decode' AND p.input_pixels = 187500 AND "
              "p.source LIKE 'measured in situ%'") == 1);
  CHECK(count("t.device = 'local' AND p.op = 'jpeg_decode' AND p.input_pixels = 187500") == 1);
  // Sizes the run did not produce are the base's, scaled; other models and brokers carried.
  CHECK(count("t.device = 'local' AND p.op = 'jpeg_decode' AND p.source LIKE '%scaled x%'") >= 1);
  CHECK(count("t.device = 'local' AND p.op = 'infer' AND p.model = 'resnet50'") >= 1);
  CHECK(count("t.device = 'local' AND p.op = 'broker'") >= 1);
  CHECK(count("t.name = 'local-testbed-measured'") > 10);

  // The simulator loads it over the defaults and answers from it.
  servesim::sim::CostModel model;
  model.add_file(db);
  servesim::sim::CostQuery q;
  q.device = "local";
  q.op = "jpeg_decode";
  q.input_pixels = 187500;
  CHECK(model.estimate(q).table == "local-testbed-measured");
  const auto sim = run_servesim("simulate --topology " + kCpuOnly +
                                " --concurrency 2 --duration-s 2 --costs " + db);
  INFO(sim.err);
  CHECK(sim.exit_code == 0);
}
