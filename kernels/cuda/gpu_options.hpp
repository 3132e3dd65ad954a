// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/cuda/gpu_precision.hpp"

#include <cstddef>
#include <cstdint>

namespace servesim::kernels::cuda {

/// How a convolution's cuDNN algorithm is chosen (once per layer shape and batch size).
enum class ConvAlgoSearch {
  kHeuristic,   ///< cudnnGetConvolutionForwardAlgorithm_v7: cuDNN's ranking, nothing is run
  kExhaustive,  ///< cudnnFindConvolutionForwardAlgorithm: runs every algorithm, keeps the fastest
};

/// Repetitions of a timed GPU operation. Every sample is one operation bracketed by two CUDA
/// events on one stream, after `warmup` untimed runs (module loading, lazy init, caches).
struct TimingOptions {
  int warmup = 3;
  int repeats = 20;
};

/// Throws std::invalid_argument unless warmup >= 0 and repeats >= 1.
void check_timing_options(const TimingOptions& timing);

/// Options of a GpuModelRunner.
struct GpuRunnerOptions {
  GpuPrecision precision = GpuPrecision::kFp32;
  /// Weights and input values (the same as the CPU runner kernels/dnn's for the same seed).
  std::uint64_t seed = 1;
  int device = 0;
  ConvAlgoSearch algo_search = ConvAlgoSearch::kExhaustive;
  /// Largest convolution workspace an algorithm may use.
  std::size_t workspace_limit_bytes = std::size_t{256} << 20;
  /// Reuse activation buffers as an inference engine's arena does (kernels/dnn memory plan).
  bool reuse_buffers = true;
};

}  // namespace servesim::kernels::cuda
