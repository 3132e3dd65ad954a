// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/store/cost_table_writer.hpp"

#include <functional>
#include <string>

namespace servesim::calib {

/// One point of a calibration grid: what it is (its cost_points key and sizes) and how to make
/// its inputs. prepare() builds the inputs (a decoded image, a model's weights) and returns one
/// run of the measured operation that owns them; the inputs are freed when the run is, so only
/// one point's inputs are alive at a time.
struct SweepPoint {
  /// op, model, precision, variant, batch, input_pixels, input_bytes, output_bytes, threads,
  /// and in `source` a description of the input; stats are filled in when measured.
  CostPoint key;
  std::string label;  ///< for progress lines: "jpeg_decode medium 1920x1080"
  std::function<std::function<void()>()> prepare;
};

}  // namespace servesim::calib
