// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/patch_embed.hpp"

#include "kernels/dnn/linear.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {

void patch_embed(ConstTensorView in, int patch, const PatchEmbedWeights& weights, TensorView out,
                 FloatBuffer& scratch) {
  if (patch < 1 || in.h % patch != 0 || in.w % patch != 0) {
    throw std::invalid_argument("patch_embed: image " + std::to_string(in.h) + "x" +
                                std::to_string(in.w) + " is not a whole number of " +
                                std::to_string(patch) + "-pixel patches");
  }
  const std::int64_t grid_h = in.h / patch;
  const std::int64_t grid_w = in.w / patch;
  const std::int64_t patches = grid_h * grid_w;
  const std::int64_t depth = in.c * patch * patch;
  const std::int64_t dim = out.w;
  if (out.n != in.n || out.c != 1 || out.h != patches + 1) {
    throw std::invalid_argument("patch_embed: output must be N x 1 x " +
                                std::to_string(patches + 1) + " x D");
  }
  const auto needed = static_cast<std::size_t>(patches * depth);
  if (scratch.size() < needed) scratch.resize(needed);
  for (std::int64_t n = 0; n < in.n; ++n) {
    // Patch matrix: one row per patch, in the weight's (c, kh, kw) order.
    for (std::int64_t gy = 0; gy < grid_h; ++gy) {
      for (std::int64_t gx = 0; gx < grid_w; ++gx) {
        float* row = scratch.data() + (gy * grid_w + gx) * depth;
        for (std::int64_t c = 0; c < in.c; ++c) {
          for (int ky = 0; ky < patch; ++ky) {
            const float* src = &in.at(n, c, gy * patch + ky, gx * patch);
            row = std::copy(src, src + patch, row);
          }
        }
      }
    }
    float* tokens = out.sample(n);
    std::copy(weights.class_token, weights.class_token + dim, tokens);
    linear_rows(scratch.data(), patches, depth, dim, weights.weight, weights.bias, tokens + dim);
    const std::int64_t count = (patches + 1) * dim;
    for (std::int64_t i = 0; i < count; ++i) tokens[i] += weights.position[i];
  }
}

}  // namespace servesim::kernels::dnn
