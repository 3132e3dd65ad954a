// SPDX-License-Identifier: Apache-2.0
// The two transformer layers of GpuLayer: multi-head self-attention and the ViT patch embedding.
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/gemm.hpp"
#include "kernels/cuda/gpu_layer.hpp"
#include "kernels/cuda/layer_kernels.hpp"

#include <cmath>

namespace servesim::kernels::cuda {
namespace {

// Pointer tables, one entry per (sample, head), in this order in GpuLayer::pointer_tables_.
enum Table { kKeys, kQueries, kScores, kValues, kContext, kTableCount };

struct AttentionDims {
  std::int64_t tokens;
  std::int64_t dim;
  std::int64_t heads;
  std::int64_t head_dim;
};

AttentionDims attention_dims(const zoo::LayerSpec& spec) {
  const zoo::Shape& x = spec.in.at(0);  // {1, T, D}
  return {x.h, x.w, spec.heads, x.w / spec.heads};
}

}  // namespace

void GpuLayer::prepare_attention(std::int64_t batch, ScratchNeeds& needs) {
  const AttentionDims a = attention_dims(spec_);
  needs.qkv = bytes(batch * a.tokens * 3 * a.dim);
  needs.scores = bytes(batch * a.heads * a.tokens * a.tokens);
  needs.context = bytes(batch * a.tokens * a.dim);
}

void GpuLayer::bind_attention(cudaStream_t stream) {
  const AttentionDims a = attention_dims(spec_);
  const std::int64_t count = batch_ * a.heads;
  std::vector<const void*> tables(static_cast<std::size_t>(kTableCount * count));
  const auto* qkv = static_cast<const char*>(scratch_.qkv);
  const auto* scores = static_cast<const char*>(scratch_.scores);
  const auto* context = static_cast<const char*>(scratch_.context);
  for (std::int64_t n = 0; n < batch_; ++n) {
    for (std::int64_t h = 0; h < a.heads; ++h) {
      const std::int64_t i = n * a.heads + h;
      // Head h's Q, K and V are columns h*dh .. (h+1)*dh - 1 of the three D-wide blocks of a
      // token's QKV row (3D wide).
      const char* q = qkv + bytes(n * a.tokens * 3 * a.dim + h * a.head_dim);
      tables[static_cast<std::size_t>(kQueries * count + i)] = q;
      tables[static_cast<std::size_t>(kKeys * count + i)] = q + bytes(a.dim);
      tables[static_cast<std::size_t>(kValues * count + i)] = q + bytes(2 * a.dim);
      tables[static_cast<std::size_t>(kScores * count + i)] =
          scores + bytes(i * a.tokens * a.tokens);
      tables[static_cast<std::size_t>(kContext * count + i)] =
          context + bytes(n * a.tokens * a.dim + h * a.head_dim);
    }
  }
  pointer_tables_.reserve(tables.size() * sizeof(void*));
  check_cuda(cudaMemcpyAsync(pointer_tables_.data(), tables.data(), tables.size() * sizeof(void*),
                             cudaMemcpyHostToDevice, stream),
             "attention pointer tables");
  check_cuda(cudaStreamSynchronize(stream), "attention pointer tables");
}

void GpuLayer::run_attention(const GpuHandles& handles, const void* x, void* out) const {
  const AttentionDims a = attention_dims(spec_);
  const std::int64_t rows = batch_ * a.tokens;
  const std::int64_t count = batch_ * a.heads;
  const cudaStream_t stream = handles.stream();
  const auto table = [&](Table t) {
    return pointer_tables_.as<void*>() + static_cast<std::ptrdiff_t>(t * count);
  };
  const auto ctable = [&](Table t) -> const void* const* { return table(t); };
  // [Q K V] = x Wqkv^T + b.
  linear_gemm(handles, precision_, x, weight_.data(), scratch_.qkv, rows, a.dim, 3 * a.dim);
  pointwise_device(precision_, PointwiseOp::kAddChannelBias, scratch_.qkv, scratch_.qkv,
                   rows * 3 * a.dim, 0.0F, vec_a_.as<float>(), ChannelLayout{1, 3 * a.dim}, stream);
  const int t = static_cast<int>(a.tokens);
  const int dh = static_cast<int>(a.head_dim);
  const int qkv_ld = static_cast<int>(3 * a.dim);
  // Row-major S = Q K^T / sqrt(dh) is column-major S^T = K Q^T: A = K (transposed), B = Q.
  BatchedGemm scores;
  scores.trans_a = CUBLAS_OP_T;
  scores.trans_b = CUBLAS_OP_N;
  scores.m = t;
  scores.n = t;
  scores.k = dh;
  scores.alpha = 1.0F / std::sqrt(static_cast<float>(a.head_dim));
  scores.a = ctable(kKeys);
  scores.lda = qkv_ld;
  scores.b = ctable(kQueries);
  scores.ldb = qkv_ld;
  scores.c = table(kScores);
  scores.ldc = t;
  scores.count = static_cast<int>(count);
  batched_gemm(handles, precision_, scores);
  // Softmax over each score row, in place (our kernel: cuDNN does not promise in-place).
  softmax_rows_device(precision_, scratch_.scores, scratch_.scores, count * a.tokens, a.tokens,
                      stream);
  // Row-major O = P V is column-major O^T = V^T P^T: A = V, B = P, both as stored.
  BatchedGemm context;
  context.m = dh;
  context.n = t;
  context.k = t;
  context.a = ctable(kValues);
  context.lda = qkv_ld;
  context.b = ctable(kScores);
  context.ldb = t;
  context.c = table(kContext);
  context.ldc = static_cast<int>(a.dim);
  context.count = static_cast<int>(count);
  batched_gemm(handles, precision_, context);
  // out = context Wproj^T + b.
  linear_gemm(handles, precision_, scratch_.context, weight2_.data(), out, rows, a.dim, a.dim);
  pointwise_device(precision_, PointwiseOp::kAddChannelBias, out, out, rows * a.dim, 0.0F,
                   vec_b_.as<float>(), ChannelLayout{1, a.dim}, stream);
}

void GpuLayer::run_patch_embed(const GpuHandles& handles, const void* x, void* out) const {
  const zoo::Shape& in = spec_.in.at(0);
  const std::int64_t patches = (in.h / spec_.kernel) * (in.w / spec_.kernel);
  conv_->run(handles, x, weight_.data(), scratch_.patches, scratch_.workspace,
             scratch_.workspace_bytes);
  patch_tokens_device(precision_, scratch_.patches,
                      vec_a_.size_bytes() > 0 ? vec_a_.as<float>() : nullptr, vec_c_.as<float>(),
                      vec_b_.as<float>(), out, batch_, spec_.out_channels, patches,
                      handles.stream());
}

}  // namespace servesim::kernels::cuda
