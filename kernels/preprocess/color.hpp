// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

namespace servesim::kernels {

/// RGB -> BGR, or BGR -> RGB (the same swap of channels 0 and 2). Models trained with OpenCV
/// (Caffe lineage) expect BGR. Throws std::invalid_argument unless the image has 3 channels.
Image swap_rgb_bgr(const Image& image);

/// RGB -> one-channel luma with BT.601 weights (0.299, 0.587, 0.114), rounded half up.
/// Throws std::invalid_argument unless the image has 3 channels.
Image rgb_to_gray(const Image& rgb);

}  // namespace servesim::kernels
