// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/pixel_math.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace servesim::kernels {

/// A width and height in pixels.
struct ImageSize {
  int width_px = 0;
  int height_px = 0;
  friend bool operator==(const ImageSize&, const ImageSize&) = default;
};

/// An owning 8-bit image, interleaved HWC (row-major, channels adjacent: RGBRGB...).
/// Sizes are checked once at construction; `at` is unchecked (hot loops use it).
class Image {
 public:
  /// Largest side accepted, the JPEG format's own limit.
  static constexpr int kMaxSidePx = 65535;

  Image() = default;
  /// A zero-filled image. Throws std::invalid_argument unless 1 <= width, height <= kMaxSidePx
  /// and 1 <= channels <= 4.
  Image(int width_px, int height_px, int channels);
  /// Takes ownership of `bytes`, which must hold exactly width * height * channels bytes.
  Image(int width_px, int height_px, int channels, std::vector<std::uint8_t> bytes);

  int width_px() const noexcept { return width_px_; }
  int height_px() const noexcept { return height_px_; }
  int channels() const noexcept { return channels_; }
  ImageSize size() const noexcept { return {width_px_, height_px_}; }
  bool empty() const noexcept { return bytes_.empty(); }
  std::size_t pixel_count() const noexcept;

  /// Changes the shape in place, keeping the allocation when it is large enough (a worker that
  /// reuses one buffer skips the allocator and page faults). Contents are unspecified after.
  /// Same checks as the constructor.
  void reset(int width_px, int height_px, int channels);
  std::size_t size_bytes() const noexcept { return bytes_.size(); }

  std::uint8_t* data() noexcept { return bytes_.data(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  std::span<std::uint8_t> bytes() noexcept { return bytes_; }
  std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }

  std::uint8_t& at(int y, int x, int c) noexcept {
    return bytes_[hwc_index(y, x, c, width_px_, channels_)];
  }
  std::uint8_t at(int y, int x, int c) const noexcept {
    return bytes_[hwc_index(y, x, c, width_px_, channels_)];
  }

 private:
  int width_px_ = 0;
  int height_px_ = 0;
  int channels_ = 0;
  std::vector<std::uint8_t> bytes_;
};

/// An owning float tensor in planar CHW layout: the input layout of the DNNs.
class TensorChw {
 public:
  TensorChw() = default;
  /// A zero-filled tensor. Throws std::invalid_argument unless every size is positive.
  TensorChw(int channels, int height_px, int width_px);

  int channels() const noexcept { return channels_; }
  int height_px() const noexcept { return height_px_; }
  int width_px() const noexcept { return width_px_; }
  std::size_t element_count() const noexcept { return values_.size(); }
  std::size_t size_bytes() const noexcept { return values_.size() * sizeof(float); }

  /// Changes the shape in place, keeping the allocation when possible; contents unspecified.
  void reset(int channels, int height_px, int width_px);

  float* data() noexcept { return values_.data(); }
  const float* data() const noexcept { return values_.data(); }
  std::span<float> values() noexcept { return values_; }
  std::span<const float> values() const noexcept { return values_; }

  float& at(int c, int y, int x) noexcept {
    return values_[chw_index(c, y, x, height_px_, width_px_)];
  }
  float at(int c, int y, int x) const noexcept {
    return values_[chw_index(c, y, x, height_px_, width_px_)];
  }

 private:
  int channels_ = 0;
  int height_px_ = 0;
  int width_px_ = 0;
  std::vector<float> values_;
};

}  // namespace servesim::kernels
