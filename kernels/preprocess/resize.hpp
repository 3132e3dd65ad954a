// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

namespace servesim::kernels {

/// How a resize computes each output pixel.
enum class ResizeMethod {
  kBilinear,  ///< 2x2 taps, half-pixel centres (OpenCV INTER_LINEAR, PyTorch align_corners=False)
  kArea,      ///< box average with fractional coverage (OpenCV INTER_AREA)
};

/// Size that makes the shorter side `shorter_side_px` and keeps the aspect ratio, the longer
/// side truncated as torchvision's Resize(int) does: 500x375 -> 341x256, 1920x1080 -> 455x256.
/// Throws std::invalid_argument for non-positive sizes.
ImageSize size_for_shorter_side(ImageSize source, int shorter_side_px);

/// Bilinear resize to width_px x height_px, any channel count, any ratio (up or down).
/// Note: like OpenCV, it does not low-pass before a large downscale (it reads 2x2 taps only).
Image resize_bilinear(const Image& src, int width_px, int height_px);

/// Area (box) resize to width_px x height_px: every source pixel contributes by the fraction
/// of the output pixel it covers. Best for large downscales; cost grows with the source size.
Image resize_area(const Image& src, int width_px, int height_px);

/// Dispatches on `method`.
Image resize(const Image& src, ImageSize size, ResizeMethod method);

}  // namespace servesim::kernels
