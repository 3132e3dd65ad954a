// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/conv2d.hpp"

#include "kernels/dnn/conv_geometry.hpp"
#include "kernels/dnn/depthwise_conv.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Column matrix [channels*k*k][out_h*out_w] of one sample and group.
void im2col(const float* src, std::int64_t channels, std::int64_t in_h, std::int64_t in_w,
            const Conv2dParams& p, std::int64_t out_h, std::int64_t out_w, float* cols) {
  const std::int64_t plane = out_h * out_w;
  for (std::int64_t c = 0; c < channels; ++c) {
    const float* channel = src + c * in_h * in_w;
    for (int kh = 0; kh < p.kernel; ++kh) {
      for (int kw = 0; kw < p.kernel; ++kw) {
        float* row = cols + ((c * p.kernel + kh) * p.kernel + kw) * plane;
        const Span span = valid_outputs(in_w, out_w, p.stride, p.padding, kw);
        for (std::int64_t oh = 0; oh < out_h; ++oh) {
          float* dst = row + oh * out_w;
          const std::int64_t ih = oh * p.stride - p.padding + kh;
          if (ih < 0 || ih >= in_h) {
            std::fill(dst, dst + out_w, 0.0F);
            continue;
          }
          // Index of output column ow in this input row: ow * stride + shift (>= 0 inside span).
          const float* line = channel + ih * in_w;
          const std::int64_t shift = kw - p.padding;
          std::fill(dst, dst + span.lo, 0.0F);
          if (span.lo == span.hi) {
            // no input column in range
          } else if (p.stride == 1) {
            std::copy(line + span.lo + shift, line + span.hi + shift, dst + span.lo);
          } else {
            for (std::int64_t ow = span.lo; ow < span.hi; ++ow) {
              dst[ow] = line[ow * p.stride + shift];
            }
          }
          std::fill(dst + span.hi, dst + out_w, 0.0F);
        }
      }
    }
  }
}

void check_shapes(ConstTensorView in, const Conv2dParams& p, TensorView out) {
  const auto shape = [](auto v) {
    return std::to_string(v.n) + "x" + std::to_string(v.c) + "x" + std::to_string(v.h) + "x" +
           std::to_string(v.w);
  };
  if (p.groups < 1 || p.kernel < 1 || p.stride < 1 || p.padding < 0 ||
      p.in_channels % p.groups != 0 || p.out_channels % p.groups != 0) {
    throw std::invalid_argument("conv2d: channels " + std::to_string(p.in_channels) + "->" +
                                std::to_string(p.out_channels) + " do not split into " +
                                std::to_string(p.groups) + " groups, or kernel/stride/padding bad");
  }
  const std::int64_t out_h = conv_output_size(in.h, p.kernel, p.stride, p.padding);
  const std::int64_t out_w = conv_output_size(in.w, p.kernel, p.stride, p.padding);
  if (in.c != p.in_channels || out.c != p.out_channels || out.n != in.n || out.h != out_h ||
      out.w != out_w) {
    throw std::invalid_argument("conv2d: input " + shape(in) + " and output " + shape(out) +
                                " do not fit " + std::to_string(p.in_channels) + "->" +
                                std::to_string(p.out_channels) + " k" + std::to_string(p.kernel) +
                                " s" + std::to_string(p.stride) + " p" + std::to_string(p.padding));
  }
}

}  // namespace

std::int64_t conv_output_size(std::int64_t in, int kernel, int stride, int padding) {
  return (in + 2 * padding - kernel) / stride + 1;
}

void conv2d(ConstTensorView in, const Conv2dParams& p, const float* weight, const float* bias,
            TensorView out, FloatBuffer& scratch) {
  check_shapes(in, p, out);
  const std::int64_t in_per_group = p.in_channels / p.groups;
  if (in_per_group == 1) {
    depthwise_conv2d(in, p, weight, bias, out, scratch);
    return;
  }
  const std::int64_t out_per_group = p.out_channels / p.groups;
  const std::int64_t depth = in_per_group * p.kernel * p.kernel;
  const std::int64_t plane = out.plane_size();
  const bool pointwise = p.kernel == 1 && p.stride == 1 && p.padding == 0;
  // Grow only: a shrink-then-grow resize would write zeros over the column buffer every call.
  const auto needed = static_cast<std::size_t>(depth * plane);
  if (!pointwise && scratch.size() < needed) scratch.resize(needed);
  for (std::int64_t n = 0; n < in.n; ++n) {
    for (int g = 0; g < p.groups; ++g) {
      const float* src = in.sample(n) + g * in_per_group * in.plane_size();
      const float* cols = src;
      if (!pointwise) {
        im2col(src, in_per_group, in.h, in.w, p, out.h, out.w, scratch.data());
        cols = scratch.data();
      }
      const Eigen::Map<const RowMatrix> w(weight + g * out_per_group * depth, out_per_group, depth);
      const Eigen::Map<const RowMatrix> x(cols, depth, plane);
      Eigen::Map<RowMatrix> y(out.sample(n) + g * out_per_group * plane, out_per_group, plane);
      y.noalias() = w * x;
      if (bias != nullptr) {
        y.colwise() += Eigen::Map<const Eigen::VectorXf>(bias + g * out_per_group, out_per_group);
      }
    }
  }
}

}  // namespace servesim::kernels::dnn
