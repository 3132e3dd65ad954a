// SPDX-License-Identifier: Apache-2.0
#pragma once

// How the image kernels map CUDA threads to output elements, written once for both sides: the
// __global__ wrappers call element_at() with blockIdx / blockDim / threadIdx, and
// reference_launch() walks the same blocks and threads on the CPU, so host tests exercise the
// kernels' indexing and bounds checks as well as their arithmetic.

#include "kernels/preprocess/pixel_math.hpp"

namespace servesim::kernels::cuda {

/// A dim3 / uint3 value without CUDA headers.
struct GridIndex {
  unsigned x = 1;
  unsigned y = 1;
  unsigned z = 1;
};

/// Blocks per grid and threads per block of one launch.
struct LaunchShape {
  GridIndex grid;
  GridIndex block;
};

/// Which output element a thread's x index walks fastest.
enum class ElementOrder {
  kInterleaved,  ///< x thread index over (pixel x, channel): coalesced for HWC outputs
  kPlanar,       ///< x thread index over pixel x, one grid z slice per channel: for CHW outputs
};

/// The output elements of an image kernel: every (x, y, c) with x < width_px, y < height_px,
/// c < channels.
struct ElementGrid {
  int width_px = 0;
  int height_px = 0;
  int channels = 0;
  ElementOrder order = ElementOrder::kInterleaved;
};

/// Threads per block: one warp wide, 8 rows.
inline constexpr unsigned kBlockWidth = 32;
inline constexpr unsigned kBlockHeight = 8;

/// Grid and block sizes that cover every element of `g` (sizes must be positive).
SERVESIM_HD inline LaunchShape launch_shape(const ElementGrid& g) {
  const unsigned row = g.order == ElementOrder::kInterleaved
                           ? static_cast<unsigned>(g.width_px) * static_cast<unsigned>(g.channels)
                           : static_cast<unsigned>(g.width_px);
  LaunchShape s;
  s.block = GridIndex{kBlockWidth, kBlockHeight, 1};
  s.grid = GridIndex{(row + kBlockWidth - 1) / kBlockWidth,
                     (static_cast<unsigned>(g.height_px) + kBlockHeight - 1) / kBlockHeight,
                     g.order == ElementOrder::kPlanar ? static_cast<unsigned>(g.channels) : 1U};
  return s;
}

/// The element of thread `thread` in block `block`; false for the threads of the last blocks
/// that fall outside the image.
SERVESIM_HD inline bool element_at(const ElementGrid& g, GridIndex block, GridIndex block_dim,
                                   GridIndex thread, int& x, int& y, int& c) {
  const unsigned column = block.x * block_dim.x + thread.x;
  const unsigned row = block.y * block_dim.y + thread.y;
  if (row >= static_cast<unsigned>(g.height_px)) return false;
  y = static_cast<int>(row);
  if (g.order == ElementOrder::kInterleaved) {
    const unsigned channels = static_cast<unsigned>(g.channels);
    if (column >= static_cast<unsigned>(g.width_px) * channels) return false;
    x = static_cast<int>(column / channels);
    c = static_cast<int>(column % channels);
    return true;
  }
  if (column >= static_cast<unsigned>(g.width_px) || block.z >= static_cast<unsigned>(g.channels)) {
    return false;
  }
  x = static_cast<int>(column);
  c = static_cast<int>(block.z);
  return true;
}

/// Runs `body(x, y, c)` for every thread of launch_shape(g) that element_at() accepts, block by
/// block and thread by thread as the GPU would (in some order): the CPU stand-in of a launch.
template <typename Body>
void reference_launch(const ElementGrid& g, Body&& body) {
  const LaunchShape s = launch_shape(g);
  for (unsigned bz = 0; bz < s.grid.z; ++bz) {
    for (unsigned by = 0; by < s.grid.y; ++by) {
      for (unsigned bx = 0; bx < s.grid.x; ++bx) {
        for (unsigned ty = 0; ty < s.block.y; ++ty) {
          for (unsigned tx = 0; tx < s.block.x; ++tx) {
            int x = 0;
            int y = 0;
            int c = 0;
            if (element_at(g, GridIndex{bx, by, bz}, s.block, GridIndex{tx, ty, 0}, x, y, c)) {
              body(x, y, c);
            }
          }
        }
      }
    }
  }
}

}  // namespace servesim::kernels::cuda
