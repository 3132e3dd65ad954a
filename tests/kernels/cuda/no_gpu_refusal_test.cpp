// SPDX-License-Identifier: Apache-2.0
// Every GPU entry point refuses with the same clear message on a machine without a GPU. On a
// machine with one these cases have nothing to check (the gpu-labelled tests run instead).
#include "kernels/cuda/cuda_calibration.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_environment.hpp"
#include "kernels/cuda/gpu_benchmarks.hpp"
#include "kernels/cuda/gpu_model_runner.hpp"
#include "kernels/zoo/model_zoo.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using namespace servesim::kernels;
using namespace servesim::kernels::cuda;

namespace {
// The reason when there is no GPU, empty when there is one.
std::string no_gpu_reason() {
  std::string reason;
  return device_count_or_reason(reason) == 0 ? reason : std::string();
}

const std::string kPrefix = "no CUDA GPU on this machine (";
const std::string kSuffix = "); run calibrate --backend cuda on a machine with a GPU";
}  // namespace

TEST_CASE("no GPU: the cuDNN / cuBLAS model runner refuses clearly", "[unit]") {
  const std::string reason = no_gpu_reason();
  if (reason.empty()) {
    WARN("a GPU is present; the refusal is not exercised");
    return;
  }
  for (const GpuPrecision precision : {GpuPrecision::kFp32, GpuPrecision::kFp16}) {
    GpuRunnerOptions options;
    options.precision = precision;
    CHECK_THROWS_MATCHES(GpuModelRunner(zoo::build_model("resnet18", 32, 32), options),
                         std::runtime_error, Catch::Message(kPrefix + reason + kSuffix));
  }
  // Also for a transformer (the cuBLAS attention path).
  CHECK_THROWS_MATCHES(GpuModelRunner(zoo::build_model("vit_b16", 32, 32)), std::runtime_error,
                       Catch::Message(kPrefix + reason + kSuffix));
}

TEST_CASE("no GPU: copies, preprocessing timers and the calibration refuse clearly", "[unit]") {
  const std::string reason = no_gpu_reason();
  if (reason.empty()) {
    WARN("a GPU is present; the refusal is not exercised");
    return;
  }
  const std::string message = kPrefix + reason + kSuffix;
  CHECK_THROWS_MATCHES(time_copy(4096, CopyDirection::kHostToDevice, HostMemory::kPinned, {}),
                       std::runtime_error, Catch::Message(message));
  CHECK_THROWS_MATCHES(time_copy(4096, CopyDirection::kDeviceToHost, HostMemory::kPageable, {}),
                       std::runtime_error, Catch::Message(message));
  CHECK_THROWS_MATCHES(
      time_preprocess(GpuPreprocessOp::kResizeBilinear, {500, 375}, {224, 224}, {}),
      std::runtime_error, Catch::Message(message));
  CHECK_THROWS_MATCHES(run_cuda_calibration(CudaCalibrationRequest{}), std::runtime_error,
                       Catch::Message(message));
  // The GPU check comes first, before the request is even looked at.
  CudaCalibrationRequest bad;
  bad.models = {"no_such_model"};
  CHECK_THROWS_MATCHES(run_cuda_calibration(bad), std::runtime_error, Catch::Message(message));
}

TEST_CASE("no GPU: the runtime report says what is missing", "[unit]") {
  const CudaEnvironment env = describe_cuda_environment();
  CHECK(env.runtime_version >= 12000);  // this build's runtime
  CHECK(env.cublas.find('.') != std::string::npos);
  CHECK_FALSE(env.nvjpeg.empty());
  CHECK(env.nvjpeg.find("GPU JPEG decode") != std::string::npos);
  CHECK_FALSE(env.nvml.empty());
  const std::string report = env.report();
  CHECK(report.find("nvJPEG: ") != std::string::npos);
  CHECK(report.find("NVML power: ") != std::string::npos);
  CHECK(env.library_versions().find("cuBLAS " + env.cublas) != std::string::npos);
  const std::string reason = no_gpu_reason();
  if (!reason.empty()) {
    CHECK(env.device_count == 0);
    CHECK(env.no_device_reason == reason);
    CHECK(env.device_name.empty());
    CHECK(report.find("GPU: none (" + reason + ")") == 0);
    CHECK(env.nvml != "available");
  }
}
