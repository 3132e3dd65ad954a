// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"
#include "kernels/dnn/conv2d.hpp"
#include "kernels/dnn/tensor.hpp"

#include <cstdint>

namespace servesim::kernels::dnn {

/// Depthwise convolution (one input channel per group, any channel multiplier), shapes already
/// checked by conv2d(). 3x3 kernels with stride 1 or 2 copy each plane into a zero-padded
/// `scratch` and sum all nine taps in one vectorised pass (stride 1 runs over the flattened
/// padded plane, so even 7x7 maps give long loops); other kernels accumulate tap by tap per row.
void depthwise_conv2d(ConstTensorView in, const Conv2dParams& params, const float* weight,
                      const float* bias, TensorView out, FloatBuffer& scratch);

/// Floats of scratch depthwise_conv2d() needs for an in_h x in_w input.
std::int64_t depthwise_scratch_elements(std::int64_t in_h, std::int64_t in_w,
                                        const Conv2dParams& params);

}  // namespace servesim::kernels::dnn
