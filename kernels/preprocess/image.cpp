// SPDX-License-Identifier: Apache-2.0
#include "kernels/preprocess/image.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace servesim::kernels {
namespace {
void check_image_shape(int width_px, int height_px, int channels) {
  if (width_px < 1 || height_px < 1 || width_px > Image::kMaxSidePx ||
      height_px > Image::kMaxSidePx) {
    throw std::invalid_argument("Image: size " + std::to_string(width_px) + "x" +
                                std::to_string(height_px) + " px is outside 1.." +
                                std::to_string(Image::kMaxSidePx) + " px per side");
  }
  if (channels < 1 || channels > 4) {
    throw std::invalid_argument("Image: " + std::to_string(channels) +
                                " channels; expected 1 (gray), 3 (RGB/BGR) or 4");
  }
}

std::size_t byte_count(int width_px, int height_px, int channels) {
  return static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) *
         static_cast<std::size_t>(channels);
}
}  // namespace

Image::Image(int width_px, int height_px, int channels)
    : width_px_(width_px), height_px_(height_px), channels_(channels) {
  check_image_shape(width_px, height_px, channels);
  bytes_.assign(byte_count(width_px, height_px, channels), 0);
}

void Image::reset(int width_px, int height_px, int channels) {
  check_image_shape(width_px, height_px, channels);
  bytes_.resize(byte_count(width_px, height_px, channels));
  width_px_ = width_px;
  height_px_ = height_px;
  channels_ = channels;
}

Image::Image(int width_px, int height_px, int channels, std::vector<std::uint8_t> bytes)
    : width_px_(width_px), height_px_(height_px), channels_(channels), bytes_(std::move(bytes)) {
  check_image_shape(width_px, height_px, channels);
  const std::size_t expected = byte_count(width_px, height_px, channels);
  if (bytes_.size() != expected) {
    throw std::invalid_argument("Image: " + std::to_string(width_px) + "x" +
                                std::to_string(height_px) + "x" + std::to_string(channels) +
                                " needs " + std::to_string(expected) + " bytes, got " +
                                std::to_string(bytes_.size()));
  }
}

std::size_t Image::pixel_count() const noexcept {
  return static_cast<std::size_t>(width_px_) * static_cast<std::size_t>(height_px_);
}

TensorChw::TensorChw(int channels, int height_px, int width_px) {
  reset(channels, height_px, width_px);
  std::fill(values_.begin(), values_.end(), 0.0f);
}

void TensorChw::reset(int channels, int height_px, int width_px) {
  if (channels < 1 || height_px < 1 || width_px < 1) {
    throw std::invalid_argument("TensorChw: shape " + std::to_string(channels) + "x" +
                                std::to_string(height_px) + "x" + std::to_string(width_px) +
                                " must be positive in every dimension");
  }
  values_.resize(static_cast<std::size_t>(channels) * static_cast<std::size_t>(height_px) *
                 static_cast<std::size_t>(width_px));
  channels_ = channels;
  height_px_ = height_px;
  width_px_ = width_px;
}

}  // namespace servesim::kernels
