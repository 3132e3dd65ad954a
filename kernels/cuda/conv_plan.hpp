// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to servesim_cuda_layers: one convolution through cuDNN's legacy API.

#include "kernels/cuda/cudnn_util.hpp"
#include "kernels/cuda/gpu_options.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

namespace servesim::kernels::cuda {

/// A grouped 2-D convolution with a square kernel on an NCHW batch.
struct ConvShape {
  std::int64_t batch = 1;
  std::int64_t in_channels = 0;
  std::int64_t in_height = 0;
  std::int64_t in_width = 0;
  std::int64_t out_channels = 0;
  std::int64_t out_height = 0;
  std::int64_t out_width = 0;
  int kernel = 1;
  int stride = 1;
  int padding = 0;
  int groups = 1;

  auto key() const {
    return std::tie(batch, in_channels, in_height, in_width, out_channels, kernel, stride, padding,
                    groups);
  }
  bool operator<(const ConvShape& other) const { return key() < other.key(); }
};

/// The algorithm chosen for one shape: what the search returned.
struct ConvChoice {
  cudnnConvolutionFwdAlgo_t algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  cudnnMathType_t math = CUDNN_DEFAULT_MATH;
  std::size_t workspace_bytes = 0;
};

/// Searches are expensive (an exhaustive one runs every algorithm): models repeat shapes.
using ConvChoiceCache = std::map<ConvShape, ConvChoice>;

/// Descriptors and algorithm of one convolution. fp32 runs with CUDNN_FMA_MATH (no TF32),
/// fp16 with half tensors, float accumulation and tensor-core math.
class ConvPlan {
 public:
  /// Builds the descriptors, checks cuDNN's output size against the shape, and picks the first
  /// algorithm in the search's order that succeeds within `workspace_limit_bytes`.
  /// Throws std::runtime_error naming the shape when none does.
  ConvPlan(const GpuHandles& handles, const ConvShape& shape, GpuPrecision precision,
           ConvAlgoSearch search, std::size_t workspace_limit_bytes, ConvChoiceCache& cache);

  std::size_t workspace_bytes() const { return choice_.workspace_bytes; }
  /// The algorithm's cuDNN name, e.g. "IMPLICIT_PRECOMP_GEMM".
  std::string algorithm_name() const;

  /// y = conv(x, w); `workspace` must hold workspace_bytes().
  void run(const GpuHandles& handles, const void* x, const void* w, void* y, void* workspace,
           std::size_t workspace_bytes) const;

 private:
  TensorDesc x_;
  TensorDesc y_;
  FilterDesc w_;
  ConvDesc conv_;
  ConvChoice choice_;
};

/// "64x3x224x224 k7 s2 p3 g1 -> 64x112x112" for messages.
std::string describe(const ConvShape& shape);

}  // namespace servesim::kernels::cuda
