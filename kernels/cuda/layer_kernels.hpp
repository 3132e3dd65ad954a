// SPDX-License-Identifier: Apache-2.0
#pragma once

// The CUDA kernels of the layers cuDNN and cuBLAS do not cover (or cover only in their
// deprecated, less general forms). Tensors are device pointers to `precision` elements (float
// or half) in NCHW order; small per-channel vectors (slopes, biases, gamma, beta, class token,
// position embedding) are always float. Each call enqueues on `stream` and returns; a launch
// error throws std::runtime_error. Arithmetic is in float.

#include "kernels/cuda/gpu_precision.hpp"

#include <cuda_runtime_api.h>

#include <cstdint>

namespace servesim::kernels::cuda {

/// Element-wise operations with a per-channel parameter where they have one.
enum class PointwiseOp {
  kLeakyRelu,       ///< x > 0 ? x : alpha * x
  kPrelu,           ///< x > 0 ? x : slope[ch] * x
  kGelu,            ///< exact: 0.5 x (1 + erf(x / sqrt 2))
  kAddChannelBias,  ///< x + bias[ch]
};

/// Which per-channel entry element i uses: ch = (i / inner) % channels. For NCHW tensors inner
/// is H * W and channels C; for row-major rows x features (linear layers), inner 1 and channels
/// = features.
struct ChannelLayout {
  std::int64_t inner = 1;
  std::int64_t channels = 1;
};

/// y[i] = op(x[i]) for i < count; `param` is the slope / bias vector (null for kLeakyRelu and
/// kGelu). x may equal y.
void pointwise_device(GpuPrecision precision, PointwiseOp op, const void* x, void* y,
                      std::int64_t count, float alpha, const float* param, ChannelLayout layout,
                      cudaStream_t stream);

/// y = a + b, `count` elements.
void add_device(GpuPrecision precision, const void* a, const void* b, void* y, std::int64_t count,
                cudaStream_t stream);

/// Layer normalisation of each of `rows` rows of `cols` features:
/// y = (x - mean) / sqrt(var + eps) * gamma + beta (biased variance, as PyTorch).
void layer_norm_device(GpuPrecision precision, const void* x, void* y, const float* gamma,
                       const float* beta, std::int64_t rows, std::int64_t cols, float eps,
                       cudaStream_t stream);

/// Softmax of each of `rows` rows of `cols` values (max-subtracted). x may equal y.
void softmax_rows_device(GpuPrecision precision, const void* x, void* y, std::int64_t rows,
                         std::int64_t cols, cudaStream_t stream);

/// Nearest-neighbour upsampling of `planes` (N * C) planes of height x width by integer `scale`.
void upsample_nearest_device(GpuPrecision precision, const void* x, void* y, std::int64_t planes,
                             std::int64_t height, std::int64_t width, int scale,
                             cudaStream_t stream);

/// ViT tokens from the patch convolution's output `conv` (N x D x P, P patches in row-major
/// order): y[n][0][d] = class_token[d] + position[0][d];
/// y[n][1 + p][d] = conv[n][d][p] + bias[d] + position[1 + p][d]. `bias` may be null.
void patch_tokens_device(GpuPrecision precision, const void* conv, const float* bias,
                         const float* class_token, const float* position, void* y,
                         std::int64_t batch, std::int64_t dim, std::int64_t patches,
                         cudaStream_t stream);

/// float -> half and half -> float conversion of `count` elements.
void float_to_half_device(const float* x, void* y, std::int64_t count, cudaStream_t stream);
void half_to_float_device(const void* x, float* y, std::int64_t count, cudaStream_t stream);

}  // namespace servesim::kernels::cuda
