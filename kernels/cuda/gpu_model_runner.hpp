// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/cuda/gpu_options.hpp"
#include "kernels/zoo/model_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace servesim::kernels::cuda {

/// Runs every layer of a zoo model on a GPU with random weights and times it with CUDA events:
/// convolutions through cuDNN (algorithm search, workspace), batch-norm, pooling and the
/// cuDNN activations, linear layers and attention through cuBLAS, the rest through our kernels
/// (kernels/cuda/layer_kernels.hpp). Weights and inputs are those of the CPU runner
/// (kernels/dnn ModelRunner) for the same seed, so the two can be compared.
///
/// Usage: GpuModelRunner r(zoo::build_model("resnet50"), {.precision = GpuPrecision::kFp16});
///        auto samples_ns = r.time_forward(8, {.warmup = 5, .repeats = 50});
class GpuModelRunner {
 public:
  /// Checks for a GPU first and throws std::runtime_error("no CUDA GPU on this machine (...)")
  /// when there is none; then validates the model (std::invalid_argument), creates a stream and
  /// the cuDNN and cuBLAS handles, and uploads the weights.
  explicit GpuModelRunner(zoo::ModelSpec model, GpuRunnerOptions options = {});
  ~GpuModelRunner();
  GpuModelRunner(GpuModelRunner&&) noexcept;
  GpuModelRunner& operator=(GpuModelRunner&&) noexcept;

  const zoo::ModelSpec& model() const;
  const GpuRunnerOptions& options() const;

  /// Allocates activations and scratch for `batch` samples, chooses convolution algorithms and
  /// uploads a random input. The other calls prepare when the batch size changes.
  /// Throws std::runtime_error when the device runs out of memory (the message says so).
  void prepare(std::int64_t batch);
  std::int64_t batch() const;

  /// One forward pass, waited for.
  void forward(std::int64_t batch);
  /// `timing.repeats` forward passes after `timing.warmup` untimed ones; nanoseconds each.
  std::vector<double> time_forward(std::int64_t batch, const TimingOptions& timing);
  /// Per-layer times: result[layer][repeat], ns, from events recorded between the layers of
  /// `timing.repeats` forward passes.
  std::vector<std::vector<double>> time_layers(std::int64_t batch, const TimingOptions& timing);

  /// Output `k` of ModelSpec::outputs after a forward pass, copied to the host as float.
  std::vector<float> output(std::size_t k = 0) const;
  /// The cuDNN algorithm of each layer ("" where the layer has no convolution).
  std::vector<std::string> conv_algorithms() const;
  /// Device memory held: weights, activations and scratch.
  std::size_t device_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace servesim::kernels::cuda
