// SPDX-License-Identifier: Apache-2.0
// The calibration grid: which points, in which order, with which cost_points keys and sizes.
#include "calib/sweep/cpu_sweep.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace servesim::calib;
using servesim::kernels::ResizeMethod;

TEST_CASE("the grid has one point per op, size and batch with the schema's sizes", "[unit]") {
  CpuSweepConfig config;
  config.images = {parse_sweep_image("small"), parse_sweep_image("640x480")};
  config.resize_methods = {ResizeMethod::kBilinear};
  config.resize_targets = {ResizeTarget::square_224, ResizeTarget::shorter_side_256};
  config.crop_sources = {{341, 256}};
  config.normalize_sizes = {{224, 224}};
  config.postprocess_batches = {1};
  config.models = {"resnet18"};
  config.infer_batches = {1, 4};
  const std::vector<SweepPoint> grid = build_cpu_grid(config);
  REQUIRE(grid.size() == 2 + 4 + 1 + 1 + 1 + 2);

  // jpeg_decode: x = pixels, input_bytes = the JPEG, output = RGB bytes.
  CHECK(grid[0].key.op == "jpeg_decode");
  CHECK(grid[0].key.input_pixels == 500 * 375);
  CHECK(grid[0].key.output_bytes == 500 * 375 * 3);
  CHECK(grid[0].key.input_bytes > 30000);  // the small class is ~90 KB at quality 90
  CHECK(grid[0].key.input_bytes < 300000);
  CHECK(grid[1].key.input_pixels == 640 * 480);

  // resize: straight to 224x224 is "bilinear"; shorter side 256 is "bilinear_shorter256".
  CHECK(grid[2].key.op == "resize");
  CHECK(grid[2].key.variant == "bilinear");
  CHECK(grid[2].key.input_pixels == 500 * 375);
  CHECK(grid[2].key.input_bytes == 500 * 375 * 3);
  CHECK(grid[2].key.output_bytes == 224 * 224 * 3);
  CHECK(grid[4].key.variant == "bilinear_shorter256");
  CHECK(grid[4].key.output_bytes == 341 * 256 * 3);  // 500x375 -> 341x256 (torchvision)
  CHECK(grid[5].key.output_bytes == 341 * 256 * 3);  // 640x480 -> 341x256

  CHECK(grid[6].key.op == "crop");
  CHECK(grid[6].key.input_pixels == 341 * 256);
  CHECK(grid[6].key.output_bytes == 224 * 224 * 3);

  CHECK(grid[7].key.op == "normalize");
  CHECK(grid[7].key.input_pixels == 224 * 224);
  CHECK(grid[7].key.output_bytes == 224 * 224 * 3 * 4);

  CHECK(grid[8].key.op == "postprocess");
  CHECK(grid[8].key.input_bytes == 4000);

  // infer: the model fixes its input; ResNet-18 has 1000 fp32 logits.
  CHECK(grid[9].key.op == "infer");
  CHECK(grid[9].key.model == "resnet18");
  CHECK(grid[9].key.precision == "fp32");
  CHECK(grid[9].key.input_pixels == 224 * 224);
  CHECK(grid[9].key.input_bytes == 0);
  CHECK(grid[9].key.output_bytes == 4000);
  CHECK(grid[10].key.batch == 4);
  for (const SweepPoint& p : grid) {
    CHECK(p.key.threads == 1);
    CHECK_FALSE(p.key.source.empty());
    CHECK_FALSE(p.label.empty());
  }
  // A cheap point's run works and can be repeated.
  const std::function<void()> run = grid[6].prepare();
  run();
  run();
}

TEST_CASE("a bad grid is refused naming what to fix", "[unit]") {
  CpuSweepConfig config = CpuSweepConfig::quick();
  config.ops = {"jpeg_decode", "decode"};
  CHECK_THROWS_WITH(config.validate(), Catch::Contains("unknown op 'decode'"));
  config = CpuSweepConfig::quick();
  config.ops = {"infer"};
  config.models = {"resnet51"};
  CHECK_THROWS_WITH(build_cpu_grid(config), Catch::Contains("resnet50"));  // lists the zoo
  config = CpuSweepConfig::quick();
  config.device = "";
  CHECK_THROWS_AS(config.validate(), std::invalid_argument);
  CHECK_THROWS_WITH(parse_sweep_image("12x"), Catch::Contains("WIDTHxHEIGHT"));
  CHECK(parse_sweep_image("1280x720").pixels() == 1280 * 720);
  CHECK(parse_sweep_image("large").pixels() == 4032 * 3024);
}
