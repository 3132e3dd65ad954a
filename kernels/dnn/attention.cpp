// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/attention.hpp"

#include "kernels/dnn/linear.hpp"
#include "kernels/dnn/normalization.hpp"

#include <Eigen/Core>

#include <cmath>
#include <stdexcept>
#include <string>

namespace servesim::kernels::dnn {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Strided = Eigen::OuterStride<Eigen::Dynamic>;

void self_attention(ConstTensorView in, int heads, const AttentionWeights& weights, TensorView out,
                    AttentionScratch& scratch) {
  const std::int64_t tokens = in.h;
  const std::int64_t dim = in.w;
  if (in.c != 1 || heads < 1 || dim % heads != 0 || out.n != in.n || out.c != 1 ||
      out.h != tokens || out.w != dim) {
    throw std::invalid_argument(
        "self_attention: expects N x 1 x T x D in and out with D "
        "divisible by heads; got in " +
        std::to_string(in.c) + "x" + std::to_string(tokens) + "x" + std::to_string(dim) +
        ", heads " + std::to_string(heads));
  }
  const std::int64_t head_dim = dim / heads;
  const float scale = 1.0F / std::sqrt(static_cast<float>(head_dim));
  const auto grow = [](FloatBuffer& v, std::int64_t size) {
    if (v.size() < static_cast<std::size_t>(size)) v.resize(static_cast<std::size_t>(size));
  };
  grow(scratch.qkv, tokens * 3 * dim);
  grow(scratch.scores, tokens * tokens);
  grow(scratch.context, tokens * dim);
  for (std::int64_t n = 0; n < in.n; ++n) {
    linear_rows(in.sample(n), tokens, dim, 3 * dim, weights.qkv_weight, weights.qkv_bias,
                scratch.qkv.data());
    Eigen::Map<RowMatrix> scores(scratch.scores.data(), tokens, tokens);
    for (int h = 0; h < heads; ++h) {
      // Head h's Q, K, V are column blocks of the T x 3D matrix, viewed in place by stride.
      const float* base = scratch.qkv.data() + h * head_dim;
      const Eigen::Map<const RowMatrix, 0, Strided> q(base, tokens, head_dim, Strided(3 * dim));
      const Eigen::Map<const RowMatrix, 0, Strided> k(base + dim, tokens, head_dim,
                                                      Strided(3 * dim));
      const Eigen::Map<const RowMatrix, 0, Strided> v(base + 2 * dim, tokens, head_dim,
                                                      Strided(3 * dim));
      scores.noalias() = q * k.transpose();
      softmax_rows_inplace(scratch.scores.data(), tokens, tokens, scale);
      Eigen::Map<RowMatrix, 0, Strided> context(scratch.context.data() + h * head_dim, tokens,
                                                head_dim, Strided(dim));
      context.noalias() = scores * v;
    }
    linear_rows(scratch.context.data(), tokens, dim, dim, weights.proj_weight, weights.proj_bias,
                out.sample(n));
  }
}

}  // namespace servesim::kernels::dnn
