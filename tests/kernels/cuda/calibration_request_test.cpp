// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_calibration.hpp"
#include "kernels/cuda/gpu_precision.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace servesim::kernels::cuda;

TEST_CASE("calibration request: point counts by hand", "[unit]") {
  CudaCalibrationRequest r;
  r.models = {"resnet18"};
  r.precisions = {"fp16"};
  r.batches = {1, 4};
  r.copy_bytes = {1024};
  r.image_sizes = {{500, 375}};
  // 2 infer + 4 copies (h2d/d2h x pinned/pageable) + bilinear, area, crop + 1 normalise.
  CHECK(planned_point_count(r) == 10);
  // resnet18 has 68 layers (kernels/zoo/README.md): 2 batches x (1 + 68) + 8.
  r.per_layer = true;
  CHECK(planned_point_count(r) == 146);
  // The defaults: 7 zoo models x 2 precisions x 7 batches + 7 sizes x 4 + 3 images x 3 + 1.
  CHECK(planned_point_count(CudaCalibrationRequest{}) == 98 + 28 + 9 + 1);
}

TEST_CASE("calibration request: errors name the field and what to fix", "[unit]") {
  CudaCalibrationRequest r;
  r.models = {"resnet51"};
  CHECK_THROWS_WITH(validate_request(r), Catch::Contains("models: unknown model 'resnet51'") &&
                                             Catch::Contains("resnet50"));
  r = {};
  r.precisions = {"int8"};
  CHECK_THROWS_WITH(validate_request(r), Catch::Contains("precisions: unknown precision 'int8'"));
  r = {};
  r.batches = {1, 0};
  CHECK_THROWS_WITH(validate_request(r), Catch::Contains("batches: batch 0 must be >= 1"));
  r = {};
  r.copy_bytes = {-5};
  CHECK_THROWS_WITH(validate_request(r), Catch::Contains("copy_bytes"));
  r = {};
  r.image_sizes = {{0, 10}};
  CHECK_THROWS_WITH(validate_request(r), Catch::Contains("image_sizes: image size 0x10"));
  r = {};
  r.shorter_side_px = 200;
  CHECK_THROWS_WITH(validate_request(r), Catch::Contains("shorter_side_px: 200 is smaller"));
  r = {};
  r.timing.repeats = 0;
  CHECK_THROWS_AS(validate_request(r), std::invalid_argument);
  CHECK_NOTHROW(validate_request(CudaCalibrationRequest{}));
}

TEST_CASE("GPU precisions: names are the cost-table values", "[unit]") {
  CHECK(precision_name(GpuPrecision::kFp32) == "fp32");
  CHECK(precision_name(GpuPrecision::kFp16) == "fp16");
  CHECK(precision_by_name("fp16") == GpuPrecision::kFp16);
  CHECK(element_bytes(GpuPrecision::kFp16) == 2);
  CHECK(element_bytes(GpuPrecision::kFp32) == 4);
  CHECK_THROWS_WITH(precision_by_name("bf16"), Catch::Contains("use fp32 or fp16"));
}
