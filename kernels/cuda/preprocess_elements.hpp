// SPDX-License-Identifier: Apache-2.0
#pragma once

// The per-element bodies of the CUDA preprocessing kernels. Each computes one output element by
// calling the pixel_math.hpp functions the CPU kernels (kernels/preprocess) call, so a kernel
// and its CPU counterpart agree to the byte. Same rules as pixel_math.hpp: SERVESIM_HD, inline,
// no std:: calls, no exceptions. The params hold device pointers for a launch and host pointers
// for a reference launch; make_*_params (preprocess_params.hpp) fill and check them.

#include "kernels/cuda/launch_grid.hpp"
#include "kernels/preprocess/pixel_math.hpp"

#include <cstdint>

namespace servesim::kernels::cuda {

/// A resize of an HWC uint8 image to another size, same channel count.
struct ResizeParams {
  const std::uint8_t* src = nullptr;
  std::uint8_t* dst = nullptr;
  int src_width_px = 0;
  int src_height_px = 0;
  int dst_width_px = 0;
  int dst_height_px = 0;
  int channels = 0;
};

/// A copy of the rectangle (left_px, top_px, dst_width_px, dst_height_px) out of an HWC image.
struct CropParams {
  const std::uint8_t* src = nullptr;
  std::uint8_t* dst = nullptr;
  int src_width_px = 0;
  int src_height_px = 0;
  int left_px = 0;
  int top_px = 0;
  int dst_width_px = 0;
  int dst_height_px = 0;
  int channels = 0;
};

/// Most channels a normalisation takes (RGBA).
inline constexpr int kMaxNormalizeChannels = 4;

/// HWC uint8 -> CHW float: dst[c][y][x] = (src[y][x][c] / 255 - mean[c]) / std_dev[c].
struct NormalizeChwParams {
  const std::uint8_t* src = nullptr;
  float* dst = nullptr;
  int width_px = 0;
  int height_px = 0;
  int channels = 0;
  float mean[kMaxNormalizeChannels] = {};
  float std_dev[kMaxNormalizeChannels] = {};
};

SERVESIM_HD inline ElementGrid resize_grid(const ResizeParams& p) {
  return ElementGrid{p.dst_width_px, p.dst_height_px, p.channels, ElementOrder::kInterleaved};
}
SERVESIM_HD inline ElementGrid crop_grid(const CropParams& p) {
  return ElementGrid{p.dst_width_px, p.dst_height_px, p.channels, ElementOrder::kInterleaved};
}
SERVESIM_HD inline ElementGrid normalize_grid(const NormalizeChwParams& p) {
  return ElementGrid{p.width_px, p.height_px, p.channels, ElementOrder::kPlanar};
}

/// Channel c of output pixel (x, y) of a bilinear resize (kernels::resize_bilinear).
SERVESIM_HD inline void resize_bilinear_element(const ResizeParams& p, int x, int y, int c) {
  const BilinearCoords at =
      bilinear_coords(x, y, p.src_width_px, p.src_height_px, p.dst_width_px, p.dst_height_px);
  p.dst[hwc_index(y, x, c, p.dst_width_px, p.channels)] =
      round_saturate_u8(bilinear_sample(p.src, p.src_width_px, p.channels, c, at));
}

/// Channel c of output pixel (x, y) of an area resize (kernels::resize_area).
SERVESIM_HD inline void resize_area_element(const ResizeParams& p, int x, int y, int c) {
  p.dst[hwc_index(y, x, c, p.dst_width_px, p.channels)] =
      round_saturate_u8(area_average(p.src, p.src_width_px, p.src_height_px, p.channels, c, x, y,
                                     p.dst_width_px, p.dst_height_px));
}

/// Channel c of output pixel (x, y) of a crop (kernels::crop).
SERVESIM_HD inline void crop_element(const CropParams& p, int x, int y, int c) {
  p.dst[hwc_index(y, x, c, p.dst_width_px, p.channels)] =
      p.src[hwc_index(p.top_px + y, p.left_px + x, c, p.src_width_px, p.channels)];
}

/// Channel c of pixel (x, y) of a normalisation with layout change (kernels::normalize_to_chw).
SERVESIM_HD inline void normalize_chw_element(const NormalizeChwParams& p, int x, int y, int c) {
  p.dst[chw_index(c, y, x, p.height_px, p.width_px)] =
      normalize_value(p.src[hwc_index(y, x, c, p.width_px, p.channels)], p.mean[c], p.std_dev[c]);
}

}  // namespace servesim::kernels::cuda
