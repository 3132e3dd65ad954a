// SPDX-License-Identifier: Apache-2.0
#pragma once

// CPU stand-ins of the CUDA preprocessing launches: each runs its kernel's per-element body
// (preprocess_elements.hpp) over the kernel's grid (launch_grid.hpp reference_launch), with host
// pointers in the params. They exist so that tests without a GPU cover the kernels; production
// code on the CPU uses kernels/preprocess.

#include "kernels/cuda/preprocess_elements.hpp"
#include "kernels/preprocess/crop.hpp"
#include "kernels/preprocess/image.hpp"
#include "kernels/preprocess/normalize.hpp"

namespace servesim::kernels::cuda {

void resize_bilinear_reference(const ResizeParams& p);
void resize_area_reference(const ResizeParams& p);
void crop_reference(const CropParams& p);
void normalize_chw_reference(const NormalizeChwParams& p);

/// Image-level conveniences (allocate the output, build and check the params, launch).
Image resize_bilinear_reference(const Image& src, ImageSize size);
Image resize_area_reference(const Image& src, ImageSize size);
Image crop_reference(const Image& src, const CropRect& rect);
TensorChw normalize_chw_reference(const Image& src, const NormalizeParams& norm);

}  // namespace servesim::kernels::cuda
