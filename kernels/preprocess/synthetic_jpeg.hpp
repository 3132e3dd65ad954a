// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image_class.hpp"
#include "kernels/preprocess/synthetic_image.hpp"

#include <cstdint>
#include <vector>

namespace servesim::kernels {

/// JPEG quality of the synthetic inputs: common for camera and web photos.
inline constexpr int kDefaultSyntheticQuality = 90;

/// A real baseline JPEG (4:2:0) of generate_synthetic_image(width, height, seed): deterministic,
/// photograph-like content, so decode cost and entropy-coded size resemble real photos.
std::vector<std::uint8_t> generate_synthetic_jpeg(int width_px, int height_px, std::uint64_t seed,
                                                  int quality = kDefaultSyntheticQuality);

/// The same for an image class (its width and height). Measured with the default scene options
/// at quality 90, seeds 1-4 (targets 110 KB / 500 KB / 3 MB, band target / 1.5 .. target * 1.5):
/// small 89-96 KB (0.81-0.87 x), medium 582-609 KB (1.16-1.22 x), large 2.50-2.61 MB
/// (0.83-0.87 x). README.md explains the spread.
std::vector<std::uint8_t> generate_synthetic_jpeg(const ImageClass& image_class, std::uint64_t seed,
                                                  int quality = kDefaultSyntheticQuality);

}  // namespace servesim::kernels
