// SPDX-License-Identifier: Apache-2.0
// GpuModelRunner of a build without cuDNN: every model needs convolutions, so the runner only
// says why it is absent. (Compiled instead of gpu_model_runner.cpp when cuDNN is not found.)
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/gpu_model_runner.hpp"

#include <stdexcept>

namespace servesim::kernels::cuda {

struct GpuModelRunner::Impl {};

namespace {
[[noreturn]] void unavailable() {
  throw std::runtime_error(
      "GPU model runners are not built: cuDNN was not found at configure time (install cuDNN "
      "under the CUDA toolkit, or pass -DCUDNN_INCLUDE_DIR=... -DCUDNN_LIBRARY=..., and "
      "reconfigure)");
}
}  // namespace

GpuModelRunner::GpuModelRunner(zoo::ModelSpec, GpuRunnerOptions options) {
  require_cuda_device(options.device);
  unavailable();
}
GpuModelRunner::~GpuModelRunner() = default;
GpuModelRunner::GpuModelRunner(GpuModelRunner&&) noexcept = default;
GpuModelRunner& GpuModelRunner::operator=(GpuModelRunner&&) noexcept = default;
const zoo::ModelSpec& GpuModelRunner::model() const { unavailable(); }
const GpuRunnerOptions& GpuModelRunner::options() const { unavailable(); }
void GpuModelRunner::prepare(std::int64_t) { unavailable(); }
std::int64_t GpuModelRunner::batch() const { unavailable(); }
void GpuModelRunner::forward(std::int64_t) { unavailable(); }
std::vector<double> GpuModelRunner::time_forward(std::int64_t, const TimingOptions&) {
  unavailable();
}
std::vector<std::vector<double>> GpuModelRunner::time_layers(std::int64_t, const TimingOptions&) {
  unavailable();
}
std::vector<float> GpuModelRunner::output(std::size_t) const { unavailable(); }
std::vector<std::string> GpuModelRunner::conv_algorithms() const { unavailable(); }
std::size_t GpuModelRunner::device_bytes() const { unavailable(); }

}  // namespace servesim::kernels::cuda
