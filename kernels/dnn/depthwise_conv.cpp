// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/depthwise_conv.hpp"

#include "kernels/dnn/conv_geometry.hpp"

#include <algorithm>
#include <vector>

namespace servesim::kernels::dnn {
namespace {

// Reads of the flattened stride-1 pass run up to 2 floats past the padded plane.
constexpr std::int64_t kSlack = 8;

bool fast_path(const Conv2dParams& p) {
  return p.kernel == 3 && (p.stride == 1 || p.stride == 2) && p.padding <= 2;
}

// Copies an h x w plane into the middle of an (h + 2 pad) x (w + 2 pad) zero border.
void pad_plane(const float* plane, std::int64_t h, std::int64_t w, int pad, float* padded) {
  const std::int64_t wp = w + 2 * pad;
  std::fill(padded, padded + pad * wp, 0.0F);
  for (std::int64_t r = 0; r < h; ++r) {
    float* row = padded + (r + pad) * wp;
    std::fill(row, row + pad, 0.0F);
    std::copy(plane + r * w, plane + (r + 1) * w, row + pad);
    std::fill(row + pad + w, row + wp, 0.0F);
  }
  float* bottom = padded + (h + pad) * wp;
  std::fill(bottom, bottom + pad * wp + kSlack, 0.0F);
}

// All nine taps of one output plane from the padded input plane.
template <int kStride>
void plane3x3(const float* padded, std::int64_t wp, const float* k, float b, float* dst,
              std::int64_t out_h, std::int64_t out_w, float* wide) {
  const float k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3], k4 = k[4], k5 = k[5], k6 = k[6],
              k7 = k[7], k8 = k[8];
  if constexpr (kStride == 1) {
    // Output (oh, ow) sits at flat index oh * wp + ow of the padded grid; the columns past out_w
    // are computed and dropped, which keeps the loop long and contiguous.
    const std::int64_t count = out_h * wp;
    const float* r0 = padded;
    const float* r1 = padded + wp;
    const float* r2 = padded + 2 * wp;
    for (std::int64_t i = 0; i < count; ++i) {
      wide[i] = b + k0 * r0[i] + k1 * r0[i + 1] + k2 * r0[i + 2] + k3 * r1[i] + k4 * r1[i + 1] +
                k5 * r1[i + 2] + k6 * r2[i] + k7 * r2[i + 1] + k8 * r2[i + 2];
    }
    for (std::int64_t oh = 0; oh < out_h; ++oh) {
      std::copy(wide + oh * wp, wide + oh * wp + out_w, dst + oh * out_w);
    }
  } else {
    for (std::int64_t oh = 0; oh < out_h; ++oh) {
      const float* r0 = padded + oh * kStride * wp;
      const float* r1 = r0 + wp;
      const float* r2 = r1 + wp;
      float* row = dst + oh * out_w;
      for (std::int64_t ow = 0; ow < out_w; ++ow) {
        const std::int64_t x = ow * kStride;
        row[ow] = b + k0 * r0[x] + k1 * r0[x + 1] + k2 * r0[x + 2] + k3 * r1[x] + k4 * r1[x + 1] +
                  k5 * r1[x + 2] + k6 * r2[x] + k7 * r2[x + 1] + k8 * r2[x + 2];
      }
    }
  }
}

void depthwise3x3(ConstTensorView in, const Conv2dParams& p, const float* weight, const float* bias,
                  TensorView out, float* padded, float* wide) {
  const std::int64_t multiplier = out.c / in.c;
  const std::int64_t wp = in.w + 2 * p.padding;
  for (std::int64_t n = 0; n < out.n; ++n) {
    for (std::int64_t ic = 0; ic < in.c; ++ic) {
      pad_plane(in.sample(n) + ic * in.plane_size(), in.h, in.w, p.padding, padded);
      for (std::int64_t m = 0; m < multiplier; ++m) {
        const std::int64_t oc = ic * multiplier + m;
        const float b = bias != nullptr ? bias[oc] : 0.0F;
        float* dst = out.sample(n) + oc * out.plane_size();
        if (p.stride == 1) {
          plane3x3<1>(padded, wp, weight + oc * 9, b, dst, out.h, out.w, wide);
        } else {
          plane3x3<2>(padded, wp, weight + oc * 9, b, dst, out.h, out.w, wide);
        }
      }
    }
  }
}

// Any kernel: accumulate each tap over a whole output row, within the columns it reaches.
void depthwise_generic(ConstTensorView in, const Conv2dParams& p, const float* weight,
                       const float* bias, TensorView out) {
  const std::int64_t multiplier = out.c / in.c;
  const std::int64_t taps = static_cast<std::int64_t>(p.kernel) * p.kernel;
  // The valid columns of each kernel column do not depend on the row: compute them once.
  std::vector<Span> spans(static_cast<std::size_t>(p.kernel));
  for (int kw = 0; kw < p.kernel; ++kw) {
    spans[kw] = valid_outputs(in.w, out.w, p.stride, p.padding, kw);
  }
  for (std::int64_t n = 0; n < out.n; ++n) {
    for (std::int64_t oc = 0; oc < out.c; ++oc) {
      const float* plane = in.sample(n) + (oc / multiplier) * in.plane_size();
      const float* w = weight + oc * taps;
      float* dst_plane = out.sample(n) + oc * out.plane_size();
      const float b = bias != nullptr ? bias[oc] : 0.0F;
      for (std::int64_t oh = 0; oh < out.h; ++oh) {
        float* dst = dst_plane + oh * out.w;
        std::fill(dst, dst + out.w, b);
        for (int kh = 0; kh < p.kernel; ++kh) {
          const std::int64_t ih = oh * p.stride - p.padding + kh;
          if (ih < 0 || ih >= in.h) continue;
          const float* line = plane + ih * in.w;
          for (int kw = 0; kw < p.kernel; ++kw) {
            const float tap = w[kh * p.kernel + kw];
            const std::int64_t shift = kw - p.padding;
            const Span span = spans[kw];
            for (std::int64_t ow = span.lo; ow < span.hi; ++ow) {
              dst[ow] += tap * line[ow * p.stride + shift];
            }
          }
        }
      }
    }
  }
}

}  // namespace

std::int64_t depthwise_scratch_elements(std::int64_t in_h, std::int64_t in_w,
                                        const Conv2dParams& p) {
  if (!fast_path(p)) return 0;
  const std::int64_t hp = in_h + 2 * p.padding;
  const std::int64_t wp = in_w + 2 * p.padding;
  const std::int64_t out_h = conv_output_size(in_h, p.kernel, p.stride, p.padding);
  return hp * wp + kSlack + out_h * wp;
}

void depthwise_conv2d(ConstTensorView in, const Conv2dParams& p, const float* weight,
                      const float* bias, TensorView out, FloatBuffer& scratch) {
  if (!fast_path(p)) {
    depthwise_generic(in, p, weight, bias, out);
    return;
  }
  const std::int64_t needed = depthwise_scratch_elements(in.h, in.w, p);
  if (scratch.size() < static_cast<std::size_t>(needed)) {
    scratch.resize(static_cast<std::size_t>(needed));
  }
  const std::int64_t padded_size = (in.h + 2 * p.padding) * (in.w + 2 * p.padding) + kSlack;
  depthwise3x3(in, p, weight, bias, out, scratch.data(), scratch.data() + padded_size);
}

}  // namespace servesim::kernels::dnn
