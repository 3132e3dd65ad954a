// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/crop.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

namespace servesim::kernels {
namespace {
std::string size_text(int width_px, int height_px) {
  return std::to_string(width_px) + "x" + std::to_string(height_px);
}
}  // namespace

CropRect centre_crop_rect(ImageSize image, ImageSize crop) {
  if (crop.width_px < 1 || crop.height_px < 1) {
    throw std::invalid_argument("centre_crop: crop size " +
                                size_text(crop.width_px, crop.height_px) + " must be positive");
  }
  if (crop.width_px > image.width_px || crop.height_px > image.height_px) {
    throw std::invalid_argument("centre_crop: crop " + size_text(crop.width_px, crop.height_px) +
                                " is larger than the image " +
                                size_text(image.width_px, image.height_px) +
                                "; resize first so that both sides are at least the crop");
  }
  return CropRect{(image.width_px - crop.width_px) / 2, (image.height_px - crop.height_px) / 2,
                  crop.width_px, crop.height_px};
}

Image crop(const Image& src, const CropRect& rect) {
  if (rect.width_px < 1 || rect.height_px < 1 || rect.left_px < 0 || rect.top_px < 0 ||
      rect.left_px + rect.width_px > src.width_px() ||
      rect.top_px + rect.height_px > src.height_px()) {
    throw std::invalid_argument("crop: rectangle " + size_text(rect.width_px, rect.height_px) +
                                " at (" + std::to_string(rect.left_px) + ", " +
                                std::to_string(rect.top_px) + ") is not inside the image " +
                                size_text(src.width_px(), src.height_px()));
  }
  Image dst(rect.width_px, rect.height_px, src.channels());
  const std::size_t row_bytes = static_cast<std::size_t>(rect.width_px) * src.channels();
  for (int y = 0; y < rect.height_px; ++y) {
    std::memcpy(
        dst.data() + hwc_index(y, 0, 0, rect.width_px, src.channels()),
        src.data() + hwc_index(rect.top_px + y, rect.left_px, 0, src.width_px(), src.channels()),
        row_bytes);
  }
  return dst;
}

Image centre_crop(const Image& src, ImageSize crop_size) {
  return crop(src, centre_crop_rect(src.size(), crop_size));
}

}  // namespace servesim::kernels
