// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

namespace servesim::kernels {

/// A rectangle inside an image, in pixels.
struct CropRect {
  int left_px = 0;
  int top_px = 0;
  int width_px = 0;
  int height_px = 0;
  friend bool operator==(const CropRect&, const CropRect&) = default;
};

/// The centred crop_width x crop_height rectangle of a width x height image. Offsets round
/// down, so an odd margin leaves the extra pixel on the right / bottom (5 -> 2: left = 1).
/// Throws std::invalid_argument if the crop is larger than the image or not positive.
CropRect centre_crop_rect(ImageSize image, ImageSize crop);

/// Copy of `rect` out of `src`. Throws std::invalid_argument if `rect` is not inside `src`.
Image crop(const Image& src, const CropRect& rect);

/// crop(src, centre_crop_rect(src.size(), crop_size)).
Image centre_crop(const Image& src, ImageSize crop_size);

}  // namespace servesim::kernels
