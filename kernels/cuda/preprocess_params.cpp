// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/preprocess_params.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {
namespace {
std::string size_text(ImageSize size) {
  return std::to_string(size.width_px) + "x" + std::to_string(size.height_px);
}

void check_image(const char* what, const char* name, const void* data, ImageSize size,
                 int channels) {
  if (data == nullptr) throw std::invalid_argument(std::string(what) + ": " + name + " is null");
  if (size.width_px < 1 || size.height_px < 1 || size.width_px > Image::kMaxSidePx ||
      size.height_px > Image::kMaxSidePx) {
    throw std::invalid_argument(std::string(what) + ": " + name + " size " + size_text(size) +
                                " must be 1.." + std::to_string(Image::kMaxSidePx) +
                                " px on each side");
  }
  if (channels < 1 || channels > kMaxNormalizeChannels) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(channels) +
                                " channels; use 1 to 4");
  }
}
}  // namespace

ResizeParams make_resize_params(const std::uint8_t* src, ImageSize src_size, int channels,
                                std::uint8_t* dst, ImageSize dst_size) {
  check_image("resize", "source", src, src_size, channels);
  check_image("resize", "target", dst, dst_size, channels);
  return ResizeParams{
      src,     dst, src_size.width_px, src_size.height_px, dst_size.width_px, dst_size.height_px,
      channels};
}

CropParams make_crop_params(const std::uint8_t* src, ImageSize src_size, int channels,
                            const CropRect& rect, std::uint8_t* dst) {
  check_image("crop", "source", src, src_size, channels);
  check_image("crop", "target", dst, {rect.width_px, rect.height_px}, channels);
  if (rect.left_px < 0 || rect.top_px < 0 || rect.left_px + rect.width_px > src_size.width_px ||
      rect.top_px + rect.height_px > src_size.height_px) {
    throw std::invalid_argument("crop: rectangle " + size_text({rect.width_px, rect.height_px}) +
                                " at (" + std::to_string(rect.left_px) + ", " +
                                std::to_string(rect.top_px) + ") is not inside the image " +
                                size_text(src_size));
  }
  return CropParams{src,          dst,         src_size.width_px, src_size.height_px,
                    rect.left_px, rect.top_px, rect.width_px,     rect.height_px,
                    channels};
}

NormalizeChwParams make_normalize_params(const std::uint8_t* src, ImageSize size, int channels,
                                         const NormalizeParams& norm, float* dst) {
  check_image("normalize", "source", src, size, channels);
  check_image("normalize", "target", dst, size, channels);
  const auto expected = static_cast<std::size_t>(channels);
  if (norm.mean.size() != expected || norm.std_dev.size() != expected) {
    throw std::invalid_argument(
        "normalize: the image has " + std::to_string(channels) + " channels but NormalizeParams " +
        "has " + std::to_string(norm.mean.size()) + " means and " +
        std::to_string(norm.std_dev.size()) + " std_devs; give one of each per channel");
  }
  NormalizeChwParams p;
  p.src = src;
  p.dst = dst;
  p.width_px = size.width_px;
  p.height_px = size.height_px;
  p.channels = channels;
  for (std::size_t c = 0; c < expected; ++c) {
    if (!(norm.std_dev[c] > 0.0F)) {
      throw std::invalid_argument("normalize: std_dev[" + std::to_string(c) +
                                  "] = " + std::to_string(norm.std_dev[c]) + " must be positive");
    }
    p.mean[c] = norm.mean[c];
    p.std_dev[c] = norm.std_dev[c];
  }
  return p;
}

}  // namespace servesim::kernels::cuda
