// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gpu_benchmarks.hpp"

#include "kernels/cuda/cuda_calibration.hpp"
#include "kernels/cuda/cuda_environment.hpp"
#include "kernels/cuda/nvml_power.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

using namespace servesim::kernels;
using namespace servesim::kernels::cuda;

TEST_CASE("GPU copies: one positive sample per repeat (bandwidth printed)", "[gpu]") {
  const std::size_t bytes = std::size_t{64} << 20;
  for (const HostMemory memory : {HostMemory::kPinned, HostMemory::kPageable}) {
    for (const CopyDirection direction :
         {CopyDirection::kHostToDevice, CopyDirection::kDeviceToHost}) {
      const std::vector<double> samples = time_copy(bytes, direction, memory, {2, 5});
      REQUIRE(samples.size() == 5);
      const double best = *std::min_element(samples.begin(), samples.end());
      CHECK(best > 0);
      const double gbytes_per_s = static_cast<double>(bytes) / best;
      std::printf("%s %s 64 MiB: %.2f GB/s\n", std::string(copy_op_name(direction)).c_str(),
                  std::string(host_memory_name(memory)).c_str(), gbytes_per_s);
    }
  }
}

TEST_CASE("GPU preprocessing timers return one positive sample per repeat", "[gpu]") {
  for (const GpuPreprocessOp op : {GpuPreprocessOp::kResizeBilinear, GpuPreprocessOp::kResizeArea,
                                   GpuPreprocessOp::kCentreCrop, GpuPreprocessOp::kNormalize}) {
    const std::vector<double> samples = time_preprocess(op, {1920, 1080}, {224, 224}, {1, 4});
    REQUIRE(samples.size() == 4);
    for (const double ns : samples) CHECK(ns > 0);
  }
}

TEST_CASE("GPU calibration: a small request gives every planned point", "[gpu]") {
  std::printf("%s", describe_cuda_environment().report().c_str());
  CudaCalibrationRequest r;
  r.models = {"resnet18", "vit_b16"};
  r.precisions = {"fp32", "fp16"};
  r.batches = {1, 2};
  r.copy_bytes = {4096, 1 << 20};
  r.image_sizes = {{500, 375}};
  r.timing = {1, 3};
  r.per_layer = true;
  std::size_t notes = 0;
  const auto points = run_cuda_calibration(r, [&](const CudaProgress& p) {
    if (p.point == nullptr) ++notes;
    CHECK(p.done <= p.total);
  });
  CHECK(points.size() == planned_point_count(r));
  std::size_t infer = 0;
  for (const CudaCostPoint& p : points) {
    CHECK(p.samples_ns.size() == 3);
    CHECK_FALSE(p.source.empty());
    if (p.op == "infer") {
      ++infer;
      CHECK((p.model == "resnet18" || p.model == "vit_b16"));
      CHECK(p.input_pixels == 224 * 224);
      CHECK(p.output_bytes == 4000);
    }
  }
  CHECK(infer == 8);
  CHECK(notes >= 1);  // the nvJPEG note
}

TEST_CASE("NVML on a GPU machine: power is known or the reason is given", "[gpu]") {
  const NvmlPower nvml = NvmlPower::open();
  if (nvml.available()) {
    const auto watts = nvml.power_w();
    REQUIRE(watts.has_value());
    CHECK(*watts > 0);
    std::printf("GPU power now: %.1f W\n", *watts);
  } else {
    CHECK_FALSE(nvml.status().empty());
  }
}
