// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to servesim_cuda_layers: one zoo layer on the GPU. Convolution goes through cuDNN's
// legacy API, batch-norm inference, pooling, ReLU / ReLU6 / SiLU and softmax through cuDNN,
// linear layers and attention's products through cuBLAS, the rest through layer_kernels.cu.

#include "kernels/cuda/conv_plan.hpp"
#include "kernels/cuda/cudnn_util.hpp"
#include "kernels/cuda/device_memory.hpp"
#include "kernels/cuda/gpu_options.hpp"
#include "kernels/dnn/layer_weights.hpp"
#include "kernels/zoo/layer_spec.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace servesim::kernels::cuda {

/// Scratch memory a layer needs at a batch size, bytes; a runner allocates the maximum over its
/// layers once and shares it.
struct ScratchNeeds {
  std::size_t workspace = 0;  ///< cuDNN convolution workspace
  std::size_t qkv = 0;        ///< attention: N x T x 3D
  std::size_t scores = 0;     ///< attention: N x heads x T x T
  std::size_t context = 0;    ///< attention: N x T x D
  std::size_t patches = 0;    ///< patch_embed: the patch convolution's N x D x P output

  void merge(const ScratchNeeds& other);
};

/// The shared scratch buffers (device pointers).
struct GpuScratch {
  void* workspace = nullptr;
  std::size_t workspace_bytes = 0;
  void* qkv = nullptr;
  void* scores = nullptr;
  void* context = nullptr;
  void* patches = nullptr;
};

class GpuLayer {
 public:
  /// Uploads the weights (GEMM and convolution weights in `precision`, per-channel vectors in
  /// float). Waits for the uploads to finish.
  GpuLayer(const zoo::LayerSpec& spec, const dnn::LayerWeights& weights, GpuPrecision precision,
           cudaStream_t stream);

  /// Builds descriptors and chooses algorithms for `batch` samples; returns the scratch needs.
  ScratchNeeds prepare(const GpuHandles& handles, std::int64_t batch,
                       const GpuRunnerOptions& options, ConvChoiceCache& cache);
  /// Points the layer at the shared scratch (attention builds its pointer tables here).
  void bind(const GpuScratch& scratch, cudaStream_t stream);
  /// Enqueues the layer: `inputs` are device pointers of spec().inputs, `out` of spec().out.
  void run(const GpuHandles& handles, const std::vector<const void*>& inputs, void* out) const;

  const zoo::LayerSpec& spec() const { return spec_; }
  /// The convolution algorithm chosen by prepare(), "" for other layers.
  std::string algorithm() const;

 private:
  void prepare_attention(std::int64_t batch, ScratchNeeds& needs);
  void bind_attention(cudaStream_t stream);
  void run_attention(const GpuHandles& handles, const void* x, void* out) const;
  void run_patch_embed(const GpuHandles& handles, const void* x, void* out) const;
  std::size_t bytes(std::int64_t elements) const;

  zoo::LayerSpec spec_;
  GpuPrecision precision_;
  std::int64_t batch_ = 0;
  // Matrices in precision_, small vectors in float. By kind: conv2d / linear: weight_, vec_a_ =
  // bias; batchnorm: vec_a_ = scale, vec_b_ = shift, vec_c_ = mean (zeros) then variance;
  // prelu: vec_a_ = slopes; layernorm: vec_a_ = gamma, vec_b_ = beta; attention: weight_ = QKV,
  // vec_a_ = QKV bias, weight2_ = projection, vec_b_ = its bias; patch_embed: weight_ = patch
  // conv, vec_a_ = its bias, vec_b_ = position embedding, vec_c_ = class token.
  DeviceBuffer weight_;
  DeviceBuffer weight2_;
  DeviceBuffer vec_a_;
  DeviceBuffer vec_b_;
  DeviceBuffer vec_c_;
  std::optional<ConvPlan> conv_;
  std::optional<TensorDesc> x_desc_;
  std::optional<TensorDesc> y_desc_;
  std::optional<TensorDesc> param_desc_;
  std::optional<PoolDesc> pool_;
  std::optional<ActivationDesc> activation_;
  DeviceBuffer pointer_tables_;  // attention: K, Q, S, V, O pointers per (sample, head)
  GpuScratch scratch_;
};

}  // namespace servesim::kernels::cuda
