// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/preprocess/image.hpp"

#include <cstdint>

namespace servesim::kernels {

/// Knobs of the synthetic scene. The defaults make JPEG sizes close to the image classes'
/// targets (see README.md); raise the texture or grain for busier, larger files.
struct SyntheticSceneOptions {
  int shape_count = 160;              ///< ellipses and rectangles drawn over the background
  float texture_amplitude = 90.0f;    ///< luma amplitude of the first fractal-noise octave
  float texture_persistence = 0.95f;  ///< amplitude ratio from one octave to the next, finer one
  float finest_cell_fraction = 1.0f / 300.0f;  ///< finest texture cell, fraction of shorter side
  float grain_amplitude = 6.0f;  ///< per-pixel luma noise (uniform, +- levels): sensor grain
};

/// A photograph-like RGB test image, the same bytes for the same (size, seed, options) on every
/// run: a two-tone sky/ground gradient, several octaves of value noise (texture), shapes with
/// hard edges, shading, some striped surfaces, and pixel grain. Features are laid out relative
/// to the shorter side, so a larger image of the same seed is the same scene at a higher
/// resolution (smoother per pixel, as real photos are). Throws std::invalid_argument for a size
/// outside 1..Image::kMaxSidePx.
Image generate_synthetic_image(int width_px, int height_px, std::uint64_t seed,
                               const SyntheticSceneOptions& options = {});

}  // namespace servesim::kernels
