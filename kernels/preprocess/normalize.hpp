// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

#include <vector>

namespace servesim::kernels {

/// Per-channel mean and standard deviation, both on the [0, 1] scale (byte / 255).
struct NormalizeParams {
  std::vector<float> mean;
  std::vector<float> std_dev;

  /// The ImageNet statistics every torchvision classification model expects, RGB order:
  /// mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225). Outputs then span
  /// [-2.118, 2.640] (0 on channel R and 255 on channel B are the extremes).
  static NormalizeParams imagenet();
};

/// HWC uint8 -> CHW float: out[c][y][x] = (in[y][x][c] / 255 - mean[c]) / std_dev[c].
/// The layout change and the normalisation are one pass, as in a real server. Throws
/// std::invalid_argument if the image is empty, or mean / std_dev do not have one entry per
/// channel, or a std_dev entry is not positive.
TensorChw normalize_to_chw(const Image& hwc, const NormalizeParams& params);

/// The same into `out`, reusing its allocation (TensorChw::reset).
void normalize_to_chw_into(const Image& hwc, const NormalizeParams& params, TensorChw& out);

}  // namespace servesim::kernels
