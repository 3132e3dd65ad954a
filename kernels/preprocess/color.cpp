// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/color.hpp"

#include "kernels/preprocess/pixel_math.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels {
namespace {
void require_three_channels(const char* what, const Image& image) {
  if (image.channels() != 3) {
    throw std::invalid_argument(std::string(what) + ": the image has " +
                                std::to_string(image.channels()) +
                                " channels; expected 3 (RGB or BGR)");
  }
}
}  // namespace

Image swap_rgb_bgr(const Image& image) {
  require_three_channels("swap_rgb_bgr", image);
  Image out(image.width_px(), image.height_px(), 3);
  const std::uint8_t* in = image.data();
  std::uint8_t* dst = out.data();
  const std::size_t pixels = image.pixel_count();
  for (std::size_t i = 0; i < pixels; ++i) {
    dst[3 * i + 0] = in[3 * i + 2];
    dst[3 * i + 1] = in[3 * i + 1];
    dst[3 * i + 2] = in[3 * i + 0];
  }
  return out;
}

Image rgb_to_gray(const Image& rgb) {
  require_three_channels("rgb_to_gray", rgb);
  Image out(rgb.width_px(), rgb.height_px(), 1);
  const std::uint8_t* in = rgb.data();
  std::uint8_t* dst = out.data();
  const std::size_t pixels = rgb.pixel_count();
  for (std::size_t i = 0; i < pixels; ++i) {
    dst[i] = round_saturate_u8(rgb_to_gray(in[3 * i], in[3 * i + 1], in[3 * i + 2]));
  }
  return out;
}

}  // namespace servesim::kernels
