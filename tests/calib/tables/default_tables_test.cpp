// SPDX-License-Identifier: Apache-2.0
// The shipped default cost tables: they load, and they reproduce the public figures they were
// built from. The expected values below are typed from docs/public-figures.md (2.2, 2.3, 2.5, 2.8),
// independently of calib/tables/generator/figures.cpp.
#include "calib/tables/default_tables.hpp"

#include "sim/costs/cost_model.hpp"
#include "sim/costs/cost_schema.hpp"
#include "sim/store/sqlite_db.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using servesim::calib::default_cost_tables;
using servesim::sim::CostModel;
using servesim::sim::CostQuery;

const std::vector<std::string> kGpus = {"a100", "h100", "v100", "t4", "l4", "a10", "rtx4090"};
const std::vector<std::string> kCpus = {"i9-13900k", "xeon-8480"};
// Measured on a machine like the one servesim is developed on, by `servesim calibrate`.
const std::vector<std::string> kMeasured = {"local", "local-corun"};

CostModel all_defaults() {
  CostModel model;
  for (const auto& table : default_cost_tables()) model.add_sql_text(table.name, table.sql);
  return model;
}

/// Loaded once: the read-only checks share it.
const CostModel& shared_defaults() {
  static const CostModel model = all_defaults();
  return model;
}

double mean_ns(const CostModel& model, const std::string& device, const std::string& op,
               const std::string& model_name, const std::string& precision, int batch,
               std::int64_t pixels = 0) {
  CostQuery q;
  q.device = device;
  q.op = op;
  q.model = model_name;
  q.precision = precision;
  q.batch = batch;
  q.input_pixels = pixels;
  return model.estimate(q).duration_ns.mean();
}
}  // namespace

TEST_CASE("every default table is embedded and loads into the cost model", "[unit]") {
  std::set<std::string> names;
  for (const auto& table : default_cost_tables()) {
    names.insert(table.name);
    // The embedded text is the file, byte for byte (it is cut into pieces to embed it).
    std::ifstream file(std::string(SERVESIM_SOURCE_DIR) + "/calib/tables/" + table.name + ".sql",
                       std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    CHECK(table.sql == text.str());
    CHECK(table.sql.size() > 8000);  // more than one piece
    CostModel model;
    REQUIRE_NOTHROW(model.add_sql_text(table.name, table.sql));
    // One table per device, named by its device key.
    CHECK(model.devices() == std::vector<std::string>{table.name});
  }
  std::set<std::string> expected(kGpus.begin(), kGpus.end());
  expected.insert(kCpus.begin(), kCpus.end());
  expected.insert(kMeasured.begin(), kMeasured.end());
  CHECK(names == expected);
  CHECK(shared_defaults().devices().size() == expected.size());
}

TEST_CASE("Triton FP16 ResNet-50 figures are reproduced at every published batch", "[unit]") {
  // docs/public-figures.md §2.2: img/s at client batch B; one call of B images takes B / (img/s).
  const std::map<std::string, std::map<int, double>> published = {
      {"a100",
       {{1, 469.1},
        {2, 910},
        {4, 1447.6},
        {8, 2051.2},
        {16, 2760},
        {32, 2857.6},
        {64, 2534.4},
        {128, 2662.4}}},
      {"v100", {{1, 351.8}, {8, 1337.6}, {32, 2044.8}, {128, 1548.8}}},
      {"t4",
       {{1, 332.4},
        {2, 499.4},
        {4, 695.2},
        {8, 888},
        {16, 1057.6},
        {32, 1129.6},
        {64, 1203.2},
        {128, 1280}}},
  };
  const CostModel& model = shared_defaults();
  for (const auto& [device, points] : published) {
    for (const auto& [batch, images_per_s] : points) {
      INFO(device << " batch " << batch);
      const double expected_ns = batch / images_per_s * 1e9;
      CHECK(mean_ns(model, device, "infer", "resnet50", "fp16", batch) ==
            Approx(expected_ns).epsilon(0.01));
    }
  }
}

TEST_CASE("MLPerf INT8 ResNet-50 costs reproduce the published offline throughput", "[unit]") {
  // docs/public-figures.md §2.3 (samples/s) at the harness's offline gpu_batch_size.
  struct Offline {
    std::string device;
    int batch;
    double samples_per_s;
  };
  const std::vector<Offline> published = {{"h100", 2048, 88714},
                                          {"a100", 2048, 42121},
                                          {"l4", 32, 12882},
                                          {"a10", 1024, 13805},
                                          {"t4", 256, 6036}};
  const CostModel& model = shared_defaults();
  for (const Offline& o : published) {
    INFO(o.device);
    const double per_call_ns = mean_ns(model, o.device, "infer", "resnet50", "int8", o.batch);
    CHECK(o.batch / (per_call_ns * 1e-9) == Approx(o.samples_per_s).epsilon(0.01));
  }
  // Batch-1 means: MLPerf SingleStream (L4 0.346 ms, T4 1.00 ms), TensorRT docs (A100 0.46 ms).
  CHECK(mean_ns(model, "l4", "infer", "resnet50", "int8", 1) == Approx(0.346e6).epsilon(0.01));
  CHECK(mean_ns(model, "t4", "infer", "resnet50", "int8", 1) == Approx(1.00e6).epsilon(0.01));
  CHECK(mean_ns(model, "a100", "infer", "resnet50", "int8", 1) == Approx(0.46e6).epsilon(0.01));
  CHECK(mean_ns(model, "a100", "infer", "mobilenetv2", "int8", 1) == Approx(0.30e6).epsilon(0.01));
}

TEST_CASE("published JPEG decode figures are reproduced", "[unit]") {
  const CostModel& model = shared_defaults();
  // torchcodec libjpeg-turbo, one core: 1280x720 3.056 ms, 1920x1080 5.981 ms.
  CHECK(mean_ns(model, "i9-13900k", "jpeg_decode", "", "", 1, 1280 * 720) ==
        Approx(3.056e6).epsilon(0.01));
  CHECK(mean_ns(model, "i9-13900k", "jpeg_decode", "", "", 1, 1920 * 1080) ==
        Approx(5.981e6).epsilon(0.01));
  // torchvision nvJPEG on an A100: 1000 images of mean 551x676 in 127.7 ms batched.
  CHECK(mean_ns(model, "a100", "jpeg_decode", "", "", 1000, 551 * 676) ==
        Approx(127.7e6).epsilon(0.01));
  // Pillow bilinear resize of 2560x1600 on a Skylake Xeon core: 14.7 ms.
  CHECK(mean_ns(model, "xeon-8480", "resize", "", "", 1, 2560 * 1600) ==
        Approx(14.7e6).epsilon(0.01));
}

TEST_CASE("every cost point cites a source and every device has power figures", "[unit]") {
  for (const auto& table : default_cost_tables()) {
    INFO(table.name);
    auto db = servesim::sim::SqliteDb::open(":memory:");
    db.exec(servesim::sim::kCostSchemaSql);
    db.exec(table.sql);
    auto tables = db.prepare("SELECT method, source FROM cost_tables");
    REQUIRE(tables.step());
    const std::string method = tables.column_text(0);
    const bool measured = method == "measured";
    CHECK((method == "public" || method == "derived" || measured));
    CHECK(measured ==
          (std::find(kMeasured.begin(), kMeasured.end(), table.name) != kMeasured.end()));
    CHECK_FALSE(tables.column_text(1).empty());
    // A public or derived row is one figure (samples = 1); a measured row has repetitions.
    auto rows = db.prepare(
        "SELECT count(*), sum(source = ''), sum(samples != 1), sum(samples < 3) FROM cost_points");
    REQUIRE(rows.step());
    CHECK(rows.column_int(0) > 0);
    CHECK(rows.column_int(1) == 0);
    CHECK(rows.column_int(measured ? 3 : 2) == 0);
  }
  // Board power, docs/public-figures.md §2.8 and docs/seed-study.md §2.3 (RTX 4090).
  const std::map<std::string, double> board_w = {{"a100", 400},   {"h100", 700}, {"v100", 300},
                                                 {"t4", 70},      {"l4", 72},    {"a10", 150},
                                                 {"rtx4090", 450}};
  const CostModel& model = shared_defaults();
  for (const std::string& device : kGpus) {
    INFO(device);
    double idle_w = 0, busy_w = 0;
    REQUIRE(model.device_power(device, idle_w, busy_w));
    CHECK(busy_w == Approx(board_w.at(device)));
    CHECK(idle_w > 0);
    CHECK(idle_w < busy_w);
  }
  double idle_w = 0, busy_w = 0;
  CHECK(model.device_power("h100", idle_w, busy_w));
  CHECK(idle_w == Approx(142.5));  // 140-145 W observed at P0
}

TEST_CASE("derived inference rows grow with batch and with model size", "[unit]") {
  const CostModel& model = shared_defaults();
  for (const std::string& device : kGpus) {
    for (const std::string precision : {"fp16", "int8"}) {
      double previous = 0;
      for (int batch : {1, 2, 4, 8, 16, 32, 64, 128}) {
        INFO(device << " " << precision << " batch " << batch);
        const double r18 = mean_ns(model, device, "infer", "resnet18", precision, batch);
        const double r50 = mean_ns(model, device, "infer", "resnet50", precision, batch);
        const double vit = mean_ns(model, device, "infer", "vit_b16", precision, batch);
        CHECK(r18 < r50);
        if (batch >= 8) CHECK(r50 < vit);  // 4.1 vs 17.6 GMACs per image
        CHECK(r18 > previous);             // one call of more images never takes less time
        previous = r18;
      }
    }
  }
}

TEST_CASE("a measured table for the same device replaces the default", "[unit]") {
  CostModel model = all_defaults();
  const std::string measured = R"sql(
INSERT INTO cost_tables(name, device, machine, created_utc, library_versions, method, source,
  servesim_version) VALUES ('a100-measured-lab', 'a100', 'lab A100', '2026-01-01T00:00:00Z',
  'TensorRT 10', 'measured', 'servesim calibrate', '0.1.0');
INSERT INTO cost_points(table_id, op, model, precision, variant, batch, input_pixels,
  input_bytes, output_bytes, threads, mean_ns, min_ns, p50_ns, p90_ns, p99_ns, max_ns, samples,
  source) VALUES (1, 'infer', 'resnet50', 'fp16', '', 1, 50176, 0, 4000, 1, 1000, 1000, 1000,
  1000, 1000, 1000, 50, 'measured');
)sql";
  model.add_sql_text("measured", measured);
  CostQuery q;
  q.device = "a100";
  q.op = "infer";
  q.model = "resnet50";
  q.precision = "fp16";
  const auto estimate = model.estimate(q);
  CHECK(estimate.duration_ns.mean() == Approx(1000));
  CHECK(estimate.table == "a100-measured-lab");
  // Other devices keep their defaults.
  CHECK(mean_ns(model, "t4", "infer", "resnet50", "fp16", 1) == Approx(1e9 / 332.4).epsilon(0.01));
}

#ifdef SERVESIM_MAKE_DEFAULT_TABLES
TEST_CASE("the shipped tables are exactly what the generator produces", "[unit]") {
  // Fails when a .sql file was edited by hand or the figures / zoo changed without regenerating.
  const std::string command = std::string(SERVESIM_MAKE_DEFAULT_TABLES) + " --check " +
                              SERVESIM_SOURCE_DIR + "/calib/tables";
  CHECK(std::system(command.c_str()) == 0);
}
#endif
