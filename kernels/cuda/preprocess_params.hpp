// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/cuda/preprocess_elements.hpp"
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/image.hpp"
#include "kernels/preprocess/normalize.hpp"

#include <cstdint>

namespace servesim::kernels::cuda {

// Builders of the kernel parameters, with the checks the CPU kernels make. The pointers are
// stored as given (device pointers for a launch, host pointers for a reference launch); each
// must hold its image: src width * height * channels bytes, dst likewise (floats for normalise).
// Errors throw std::invalid_argument naming the function and the offending size.

/// Resize of a `src` image of `channels` (1-4) channels to `dst` (any positive size).
ResizeParams make_resize_params(const std::uint8_t* src, ImageSize src_size, int channels,
                                std::uint8_t* dst, ImageSize dst_size);

/// Crop of `rect`, which must lie inside the source image.
CropParams make_crop_params(const std::uint8_t* src, ImageSize src_size, int channels,
                            const CropRect& rect, std::uint8_t* dst);

/// Normalisation of a `size` image with `channels` (1-4) channels; `norm` must have one
/// positive std_dev and one mean per channel (as normalize_to_chw requires).
NormalizeChwParams make_normalize_params(const std::uint8_t* src, ImageSize size, int channels,
                                         const NormalizeParams& norm, float* dst);

}  // namespace servesim::kernels::cuda
