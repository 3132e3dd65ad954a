// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/resize.hpp"

#include "kernels/preprocess/pixel_math.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace servesim::kernels {
namespace {
void check_resize_args(const char* what, const Image& src, int width_px, int height_px) {
  if (src.empty()) throw std::invalid_argument(std::string(what) + ": the source image is empty");
  if (width_px < 1 || height_px < 1) {
    throw std::invalid_argument(std::string(what) + ": target size " + std::to_string(width_px) +
                                "x" + std::to_string(height_px) + " px must be positive");
  }
}
}  // namespace

ImageSize size_for_shorter_side(ImageSize source, int shorter_side_px) {
  if (source.width_px < 1 || source.height_px < 1 || shorter_side_px < 1) {
    throw std::invalid_argument("size_for_shorter_side: sizes must be positive (source " +
                                std::to_string(source.width_px) + "x" +
                                std::to_string(source.height_px) + ", shorter side " +
                                std::to_string(shorter_side_px) + ")");
  }
  const long long shorter = static_cast<long long>(shorter_side_px);
  if (source.width_px <= source.height_px) {
    const long long h = shorter * source.height_px / source.width_px;  // truncates
    return {shorter_side_px, static_cast<int>(h)};
  }
  const long long w = shorter * source.width_px / source.height_px;
  return {static_cast<int>(w), shorter_side_px};
}

Image resize_bilinear(const Image& src, int width_px, int height_px) {
  check_resize_args("resize_bilinear", src, width_px, height_px);
  Image dst(width_px, height_px, src.channels());
  const int channels = src.channels();
  // Column taps are the same for every row: compute them once.
  std::vector<LinearTap> x_taps(static_cast<std::size_t>(width_px));
  for (int x = 0; x < width_px; ++x) x_taps[x] = linear_tap(x, src.width_px(), width_px);
  const std::uint8_t* in = src.data();
  std::uint8_t* out = dst.data();
  for (int y = 0; y < height_px; ++y) {
    const LinearTap y_tap = linear_tap(y, src.height_px(), height_px);
    for (int x = 0; x < width_px; ++x) {
      const BilinearCoords at{x_taps[x], y_tap};
      for (int c = 0; c < channels; ++c) {
        out[hwc_index(y, x, c, width_px, channels)] =
            round_saturate_u8(bilinear_sample(in, src.width_px(), channels, c, at));
      }
    }
  }
  return dst;
}

Image resize_area(const Image& src, int width_px, int height_px) {
  check_resize_args("resize_area", src, width_px, height_px);
  Image dst(width_px, height_px, src.channels());
  const int channels = src.channels();
  const std::uint8_t* in = src.data();
  std::uint8_t* out = dst.data();
  for (int y = 0; y < height_px; ++y) {
    for (int x = 0; x < width_px; ++x) {
      for (int c = 0; c < channels; ++c) {
        out[hwc_index(y, x, c, width_px, channels)] = round_saturate_u8(area_average(
            in, src.width_px(), src.height_px(), channels, c, x, y, width_px, height_px));
      }
    }
  }
  return dst;
}

Image resize(const Image& src, ImageSize size, ResizeMethod method) {
  switch (method) {
    case ResizeMethod::kBilinear:
      return resize_bilinear(src, size.width_px, size.height_px);
    case ResizeMethod::kArea:
      return resize_area(src, size.width_px, size.height_px);
  }
  throw std::invalid_argument("resize: unknown ResizeMethod");
}

}  // namespace servesim::kernels
