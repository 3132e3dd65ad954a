// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/tables/generator/figures.hpp"
#include "calib/tables/generator/table_text.hpp"

#include <vector>

namespace servesim::calib::defaults {

/// jpeg_decode, resize (bilinear, to 224x224), normalize and postprocess rows of a GPU
/// (README "Preprocessing rows on GPUs").
std::vector<CostRow> gpu_preprocess_rows(const GpuSpec& gpu);

/// The same ops on one core of a CPU (README "Preprocessing rows on CPUs").
std::vector<CostRow> cpu_preprocess_rows(const CpuSpec& cpu);

/// Per-core time of the Xeon rows over the i9-13900K rows, from the decode figures.
double xeon_core_factor();

/// One i9-13900K core's JPEG decode time (ms) of an image: the torchcodec figures, linear between
/// them and extended through the two nearest figures outside.
double i9_decode_ms(double pixels);

}  // namespace servesim::calib::defaults
