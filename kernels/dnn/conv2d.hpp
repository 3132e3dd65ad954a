// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"
#include "kernels/dnn/tensor.hpp"

#include <cstdint>

namespace servesim::kernels::dnn {

/// A 2-D convolution with a square kernel, the same stride and zero padding on both axes.
struct Conv2dParams {
  std::int64_t in_channels = 0;
  std::int64_t out_channels = 0;
  int kernel = 1;
  int stride = 1;
  int padding = 0;
  int groups = 1;
};

/// Output height (or width) of a convolution or pool: floor((in + 2p - k) / s) + 1.
std::int64_t conv_output_size(std::int64_t in, int kernel, int stride, int padding);

/// out = conv(in, weight) + bias. `weight` is [out_channels][in_channels/groups][k][k] (PyTorch
/// layout), `bias` has out_channels values or is null. Grouped convolutions with more than one
/// input channel per group run im2col + one Eigen GEMM per sample and group (a 1x1 stride-1
/// convolution skips im2col: the input already is the column matrix). Depthwise convolutions
/// (one input channel per group) run a direct loop, far faster than GEMMs of one row.
/// `scratch` holds the column matrix and grows as needed; reuse it across calls.
/// Throws std::invalid_argument when the tensor shapes do not match the parameters.
void conv2d(ConstTensorView in, const Conv2dParams& params, const float* weight, const float* bias,
            TensorView out, FloatBuffer& scratch);

}  // namespace servesim::kernels::dnn
