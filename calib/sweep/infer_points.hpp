// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/sweep/sweep_point.hpp"

#include <string>
#include <vector>

namespace servesim::calib {

/// infer: a forward pass of each zoo model (kernels/zoo) at each batch size on the Eigen CPU
/// layers (kernels/dnn ModelRunner), one thread, random weights, denormals flushed. Key: model =
/// zoo name, precision "fp32", input_pixels = the model's input H x W, input_bytes = 0 (the
/// model fixes its input), output_bytes = its fp32 outputs per item. Consecutive points of one
/// model share its weights. Throws std::invalid_argument for an unknown model (listing the
/// zoo) or a batch below 1.
std::vector<SweepPoint> infer_points(const std::vector<std::string>& models,
                                     const std::vector<int>& batches);

/// "Eigen 3.4.0, SIMD SSE, ..., OpenMP on" (kernels/dnn/cpu_env.hpp).
std::string dnn_library_version();

}  // namespace servesim::calib
