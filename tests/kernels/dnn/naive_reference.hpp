// SPDX-License-Identifier: Apache-2.0
#pragma once
// Straightforward nested-loop versions of the DNN layers, written independently of
// kernels/dnn (no Eigen, no im2col, explicit bounds checks) to serve as test oracles.

#include "kernels/dnn/tensor.hpp"

#include <cstdint>
#include <vector>

namespace servesim::tests {

using kernels::dnn::Tensor;

/// Random values in [-1, 1) from a fixed seed.
std::vector<float> random_values(std::size_t count, unsigned seed);
Tensor random_tensor(std::int64_t n, std::int64_t c, std::int64_t h, std::int64_t w, unsigned seed);

/// Direct convolution: out[n][o][y][x] = bias[o] + sum over the group's input channels and the
/// k x k taps of in[n][i][y*s - p + ky][x*s - p + kx] * weight[o][i - g*cin_g][ky][kx].
Tensor naive_conv(const Tensor& in, std::int64_t out_channels, int kernel, int stride, int padding,
                  int groups, const std::vector<float>& weight, const std::vector<float>& bias);

Tensor naive_maxpool(const Tensor& in, int kernel, int stride, int padding);
Tensor naive_avgpool(const Tensor& in, int kernel, int stride, int padding);

/// rows x out = rows x in times weight[out][in]^T + bias.
std::vector<float> naive_linear(const std::vector<float>& in, std::int64_t rows,
                                std::int64_t in_features, std::int64_t out_features,
                                const std::vector<float>& weight, const std::vector<float>& bias);

/// Multi-head self-attention of one sample x[T][D] (weights as in kernels/dnn/attention.hpp).
std::vector<float> naive_attention(const std::vector<float>& x, std::int64_t tokens,
                                   std::int64_t dim, int heads, const std::vector<float>& wqkv,
                                   const std::vector<float>& bqkv, const std::vector<float>& wproj,
                                   const std::vector<float>& bproj);

/// Largest absolute difference between two equal-size float arrays (+inf if a NaN is involved).
float max_abs_diff(const float* a, const float* b, std::int64_t size);

}  // namespace servesim::tests
