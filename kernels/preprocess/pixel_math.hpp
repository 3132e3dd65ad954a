// SPDX-License-Identifier: Apache-2.0
#pragma once

// Per-element arithmetic of the preprocessing kernels, shared by the CPU loops and the CUDA
// kernels: the host tests of this header therefore cover the GPU arithmetic too. Rules for this
// file: every function is SERVESIM_HD and inline, no std:: functions (only std:: integer types),
// no exceptions, no allocation; constants are literals inside the functions.

#include <cstddef>
#include <cstdint>

/// `__host__ __device__` under nvcc, nothing for the host compiler.
#if defined(__CUDACC__)
#define SERVESIM_HD __host__ __device__
#else
#define SERVESIM_HD
#endif

namespace servesim::kernels {

/// One axis of a bilinear interpolation: two source indices and the weight of the second.
struct LinearTap {
  int index0;
  int index1;
  float weight1;  ///< weight of index1; index0 gets 1 - weight1
};

/// Both axes of a bilinear interpolation for one output pixel.
struct BilinearCoords {
  LinearTap x;
  LinearTap y;
};

/// Interleaved (HWC) byte offset of channel `c` of pixel (x, y).
SERVESIM_HD inline std::size_t hwc_index(int y, int x, int c, int width_px, int channels) {
  return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px) +
          static_cast<std::size_t>(x)) *
             static_cast<std::size_t>(channels) +
         static_cast<std::size_t>(c);
}

/// Planar (CHW) element offset of channel `c` of pixel (x, y).
SERVESIM_HD inline std::size_t chw_index(int c, int y, int x, int height_px, int width_px) {
  return (static_cast<std::size_t>(c) * static_cast<std::size_t>(height_px) +
          static_cast<std::size_t>(y)) *
             static_cast<std::size_t>(width_px) +
         static_cast<std::size_t>(x);
}

/// Source taps for output index `dst_index` when an axis of `src_size` samples becomes
/// `dst_size` samples. Half-pixel centres (OpenCV INTER_LINEAR, PyTorch align_corners=False):
/// src = (dst + 0.5) * src_size / dst_size - 0.5, clamped to [0, src_size - 1], so edge pixels
/// repeat instead of reading outside the image.
SERVESIM_HD inline LinearTap linear_tap(int dst_index, int src_size, int dst_size) {
  // (2 dst + 1) src_size / (2 dst_size) has a single rounding: exact for power-of-two ratios.
  const float numerator = static_cast<float>(2LL * static_cast<long long>(dst_index) + 1) *
                          static_cast<float>(src_size);
  float src = numerator / (2.0f * static_cast<float>(dst_size)) - 0.5f;
  const float last = static_cast<float>(src_size - 1);
  if (!(src > 0.0f)) src = 0.0f;
  if (src > last) src = last;
  int i0 = static_cast<int>(src);  // src >= 0 here, so truncation is floor
  if (i0 > src_size - 1) i0 = src_size - 1;
  const int i1 = i0 + 1 < src_size ? i0 + 1 : i0;
  return LinearTap{i0, i1, src - static_cast<float>(i0)};
}

/// Bilinear source coordinates and weights of output pixel (dst_x, dst_y).
SERVESIM_HD inline BilinearCoords bilinear_coords(int dst_x, int dst_y, int src_width_px,
                                                  int src_height_px, int dst_width_px,
                                                  int dst_height_px) {
  return BilinearCoords{linear_tap(dst_x, src_width_px, dst_width_px),
                        linear_tap(dst_y, src_height_px, dst_height_px)};
}

/// Bilinear sample of one channel of an HWC uint8 image at `at` (unrounded).
SERVESIM_HD inline float bilinear_sample(const std::uint8_t* src, int width_px, int channels,
                                         int channel, const BilinearCoords& at) {
  const float p00 = src[hwc_index(at.y.index0, at.x.index0, channel, width_px, channels)];
  const float p01 = src[hwc_index(at.y.index0, at.x.index1, channel, width_px, channels)];
  const float p10 = src[hwc_index(at.y.index1, at.x.index0, channel, width_px, channels)];
  const float p11 = src[hwc_index(at.y.index1, at.x.index1, channel, width_px, channels)];
  const float top = p00 + (p01 - p00) * at.x.weight1;
  const float bottom = p10 + (p11 - p10) * at.x.weight1;
  return top + (bottom - top) * at.y.weight1;
}

/// Area (box) average of one channel for output pixel (dst_x, dst_y): the mean of the source
/// pixels under the output pixel's footprint, each weighted by the fraction it covers
/// (OpenCV INTER_AREA for downscaling; used for any ratio here). Coverage is counted in units
/// of 1/dst_width_px (x) and 1/dst_height_px (y) source pixels, so the weights are exact
/// integers and the sum is exact before the final division.
SERVESIM_HD inline float area_average(const std::uint8_t* src, int src_width_px, int src_height_px,
                                      int channels, int channel, int dst_x, int dst_y,
                                      int dst_width_px, int dst_height_px) {
  const long long x_begin = static_cast<long long>(dst_x) * src_width_px;
  const long long x_end = x_begin + src_width_px;
  const long long y_begin = static_cast<long long>(dst_y) * src_height_px;
  const long long y_end = y_begin + src_height_px;
  const int ix_first = static_cast<int>(x_begin / dst_width_px);
  const int ix_last = static_cast<int>((x_end - 1) / dst_width_px);
  const int iy_first = static_cast<int>(y_begin / dst_height_px);
  const int iy_last = static_cast<int>((y_end - 1) / dst_height_px);
  long long total = 0;
  for (int iy = iy_first; iy <= iy_last; ++iy) {
    const long long cell_top = static_cast<long long>(iy) * dst_height_px;
    const long long lo_y = cell_top > y_begin ? cell_top : y_begin;
    const long long hi_y = cell_top + dst_height_px < y_end ? cell_top + dst_height_px : y_end;
    long long row = 0;
    for (int ix = ix_first; ix <= ix_last; ++ix) {
      const long long cell_left = static_cast<long long>(ix) * dst_width_px;
      const long long lo_x = cell_left > x_begin ? cell_left : x_begin;
      const long long hi_x = cell_left + dst_width_px < x_end ? cell_left + dst_width_px : x_end;
      row += (hi_x - lo_x) * src[hwc_index(iy, ix, channel, src_width_px, channels)];
    }
    total += row * (hi_y - lo_y);
  }
  return static_cast<float>(total) /
         static_cast<float>(static_cast<long long>(src_width_px) * src_height_px);
}

/// ((value / 255) - mean) / std_dev: a byte brought to [0, 1], then standardised.
SERVESIM_HD inline float normalize_value(float value, float mean, float std_dev) {
  return (value / 255.0f - mean) / std_dev;
}

/// Luma from RGB with ITU-R BT.601 weights (0.299, 0.587, 0.114), as OpenCV and PIL use.
SERVESIM_HD inline float rgb_to_gray(float red, float green, float blue) {
  return 0.299f * red + 0.587f * green + 0.114f * blue;
}

/// Nearest byte: rounds half up, clamps to [0, 255], and maps NaN to 0.
SERVESIM_HD inline std::uint8_t round_saturate_u8(float value) {
  if (!(value > 0.0f)) return 0;
  if (value >= 255.0f) return 255;
  return static_cast<std::uint8_t>(value + 0.5f);
}

}  // namespace servesim::kernels
