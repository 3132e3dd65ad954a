// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gpu_layer.hpp"

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/gemm.hpp"
#include "kernels/cuda/layer_kernels.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>

namespace servesim::kernels::cuda {
namespace {

using zoo::LayerKind;

// Batch-norm arrives folded (scale, shift); cuDNN's inference formula also divides by
// sqrt(var + eps), which var = 1 - eps makes 1.
constexpr double kBatchNormEps = 1e-5;
// kernels/dnn's layernorm default (timm's ViT).
constexpr float kLayerNormEps = 1e-6F;

DeviceBuffer upload_floats(std::span<const float> values) {
  if (values.empty()) return {};
  DeviceBuffer buffer(values.size() * sizeof(float));
  check_cuda(cudaMemcpy(buffer.data(), values.data(), values.size() * sizeof(float),
                        cudaMemcpyHostToDevice),
             "weight upload");
  return buffer;
}

DeviceBuffer upload_as(std::span<const float> values, GpuPrecision precision, cudaStream_t stream) {
  if (precision == GpuPrecision::kFp32 || values.empty()) return upload_floats(values);
  const DeviceBuffer staging = upload_floats(values);
  DeviceBuffer buffer(values.size() * element_bytes(precision));
  const auto count = static_cast<std::int64_t>(values.size());
  float_to_half_device(staging.as<float>(), buffer.data(), count, stream);
  check_cuda(cudaStreamSynchronize(stream), "weight conversion to fp16");
  return buffer;
}

ConvShape conv_shape(const zoo::LayerSpec& spec, std::int64_t batch, std::int64_t out_h,
                     std::int64_t out_w) {
  const zoo::Shape& x = spec.in.at(0);
  return ConvShape{batch, x.c,         x.h,         x.w,          spec.out_channels, out_h,
                   out_w, spec.kernel, spec.stride, spec.padding, spec.groups};
}

}  // namespace

void ScratchNeeds::merge(const ScratchNeeds& other) {
  workspace = std::max(workspace, other.workspace);
  qkv = std::max(qkv, other.qkv);
  scores = std::max(scores, other.scores);
  context = std::max(context, other.context);
  patches = std::max(patches, other.patches);
}

GpuLayer::GpuLayer(const zoo::LayerSpec& spec, const dnn::LayerWeights& w, GpuPrecision precision,
                   cudaStream_t stream)
    : spec_(spec), precision_(precision) {
  switch (spec_.kind) {
    case LayerKind::kConv2d:
    case LayerKind::kLinear:
      weight_ = upload_as(w.weight, precision_, stream);
      vec_a_ = upload_floats(w.bias);
      break;
    case LayerKind::kBatchNorm: {
      vec_a_ = upload_floats(w.weight);
      vec_b_ = upload_floats(w.bias);
      std::vector<float> stats(2 * w.weight.size(), 0.0F);
      std::fill(stats.begin() + static_cast<std::ptrdiff_t>(w.weight.size()), stats.end(),
                static_cast<float>(1.0 - kBatchNormEps));
      vec_c_ = upload_floats(stats);
      break;
    }
    case LayerKind::kPrelu:
      vec_a_ = upload_floats(w.weight);
      break;
    case LayerKind::kLayerNorm:
      vec_a_ = upload_floats(w.weight);
      vec_b_ = upload_floats(w.bias);
      break;
    case LayerKind::kAttention:
      weight_ = upload_as(w.weight, precision_, stream);
      vec_a_ = upload_floats(w.bias);
      weight2_ = upload_as(w.weight2, precision_, stream);
      vec_b_ = upload_floats(w.bias2);
      break;
    case LayerKind::kPatchEmbed:
      weight_ = upload_as(w.weight, precision_, stream);
      vec_a_ = upload_floats(w.bias);
      vec_b_ = upload_floats(w.bias2);
      vec_c_ = upload_floats(w.weight2);
      break;
    default:
      break;
  }
}

std::size_t GpuLayer::bytes(std::int64_t elements) const {
  return static_cast<std::size_t>(elements) * element_bytes(precision_);
}

ScratchNeeds GpuLayer::prepare(const GpuHandles& handles, std::int64_t batch,
                               const GpuRunnerOptions& options, ConvChoiceCache& cache) {
  batch_ = batch;
  ScratchNeeds needs;
  const zoo::Shape& x = spec_.in.at(0);
  const zoo::Shape& y = spec_.out;
  conv_.reset();
  x_desc_.reset();
  y_desc_.reset();
  param_desc_.reset();
  pool_.reset();
  activation_.reset();
  switch (spec_.kind) {
    case LayerKind::kConv2d:
      conv_.emplace(handles, conv_shape(spec_, batch, y.h, y.w), precision_, options.algo_search,
                    options.workspace_limit_bytes, cache);
      needs.workspace = conv_->workspace_bytes();
      break;
    case LayerKind::kPatchEmbed: {
      const std::int64_t grid_h = x.h / spec_.kernel;
      const std::int64_t grid_w = x.w / spec_.kernel;
      zoo::LayerSpec patch_conv = spec_;
      patch_conv.stride = spec_.kernel;
      patch_conv.padding = 0;
      patch_conv.groups = 1;
      conv_.emplace(handles, conv_shape(patch_conv, batch, grid_h, grid_w), precision_,
                    options.algo_search, options.workspace_limit_bytes, cache);
      needs.workspace = conv_->workspace_bytes();
      needs.patches = bytes(batch * spec_.out_channels * grid_h * grid_w);
      break;
    }
    case LayerKind::kBatchNorm:
      x_desc_.emplace(nchw_desc(precision_, batch, x.c, x.h, x.w));
      param_desc_.emplace();
      check_cudnn(cudnnDeriveBNTensorDescriptor(param_desc_->get(), x_desc_->get(),
                                                CUDNN_BATCHNORM_SPATIAL),
                  "cudnnDeriveBNTensorDescriptor");
      break;
    case LayerKind::kRelu:
    case LayerKind::kRelu6:
    case LayerKind::kSilu: {
      x_desc_.emplace(nchw_desc(precision_, batch, x.c, x.h, x.w));
      activation_.emplace();
      const cudnnActivationMode_t mode = spec_.kind == LayerKind::kRelu ? CUDNN_ACTIVATION_RELU
                                         : spec_.kind == LayerKind::kRelu6
                                             ? CUDNN_ACTIVATION_CLIPPED_RELU
                                             : CUDNN_ACTIVATION_SWISH;
      check_cudnn(cudnnSetActivationDescriptor(activation_->get(), mode, CUDNN_NOT_PROPAGATE_NAN,
                                               spec_.kind == LayerKind::kRelu6 ? 6.0 : 0.0),
                  "cudnnSetActivationDescriptor");
      if (mode == CUDNN_ACTIVATION_SWISH) {
        check_cudnn(cudnnSetActivationDescriptorSwishBeta(activation_->get(), 1.0),
                    "cudnnSetActivationDescriptorSwishBeta");
      }
      break;
    }
    case LayerKind::kMaxPool:
    case LayerKind::kAvgPool:
    case LayerKind::kGlobalAvgPool: {
      x_desc_.emplace(nchw_desc(precision_, batch, x.c, x.h, x.w));
      y_desc_.emplace(nchw_desc(precision_, batch, y.c, y.h, y.w));
      pool_.emplace();
      const bool global = spec_.kind == LayerKind::kGlobalAvgPool;
      const int window_h = global ? static_cast<int>(x.h) : spec_.kernel;
      const int window_w = global ? static_cast<int>(x.w) : spec_.kernel;
      const int pad = global ? 0 : spec_.padding;
      const int stride = global ? 1 : spec_.stride;
      check_cudnn(cudnnSetPooling2dDescriptor(pool_->get(),
                                              spec_.kind == LayerKind::kMaxPool
                                                  ? CUDNN_POOLING_MAX
                                                  : CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING,
                                              CUDNN_NOT_PROPAGATE_NAN, window_h, window_w, pad, pad,
                                              stride, stride),
                  "cudnnSetPooling2dDescriptor");
      int n = 0;
      int c = 0;
      int h = 0;
      int w = 0;
      check_cudnn(cudnnGetPooling2dForwardOutputDim(pool_->get(), x_desc_->get(), &n, &c, &h, &w),
                  "cudnnGetPooling2dForwardOutputDim");
      if (n != batch || c != y.c || h != y.h || w != y.w) {
        throw std::logic_error("layer '" + spec_.name + "': cuDNN pooling gives " +
                               std::to_string(c) + "x" + std::to_string(h) + "x" +
                               std::to_string(w) + ", the zoo says " + zoo::to_string(y));
      }
      break;
    }
    case LayerKind::kSoftmax:
      // One softmax per feature row: rows as N, features as C (CUDNN_SOFTMAX_MODE_CHANNEL).
      x_desc_.emplace(
          nchw_desc(precision_, batch * zoo::feature_rows(x), zoo::feature_dim(x), 1, 1));
      break;
    case LayerKind::kAttention:
      prepare_attention(batch, needs);
      break;
    default:
      break;
  }
  return needs;
}

void GpuLayer::bind(const GpuScratch& scratch, cudaStream_t stream) {
  scratch_ = scratch;
  if (spec_.kind == LayerKind::kAttention) bind_attention(stream);
}

std::string GpuLayer::algorithm() const { return conv_ ? conv_->algorithm_name() : std::string(); }

void GpuLayer::run(const GpuHandles& handles, const std::vector<const void*>& inputs,
                   void* out) const {
  const void* x = inputs.at(0);
  const zoo::Shape& in = spec_.in.at(0);
  const zoo::Shape& y = spec_.out;
  const std::int64_t in_count = batch_ * in.elements();
  const std::int64_t out_count = batch_ * y.elements();
  const cudaStream_t stream = handles.stream();
  const float one = 1.0F;
  const float zero = 0.0F;
  switch (spec_.kind) {
    case LayerKind::kConv2d:
      conv_->run(handles, x, weight_.data(), out, scratch_.workspace, scratch_.workspace_bytes);
      if (vec_a_.size_bytes() > 0) {
        pointwise_device(precision_, PointwiseOp::kAddChannelBias, out, out, out_count, 0.0F,
                         vec_a_.as<float>(), ChannelLayout{y.h * y.w, y.c}, stream);
      }
      break;
    case LayerKind::kBatchNorm:
      check_cudnn(cudnnBatchNormalizationForwardInference(
                      handles.cudnn(), CUDNN_BATCHNORM_SPATIAL, &one, &zero, x_desc_->get(), x,
                      x_desc_->get(), out, param_desc_->get(), vec_a_.data(), vec_b_.data(),
                      vec_c_.data(), vec_c_.as<float>() + in.c, kBatchNormEps),
                  "cudnnBatchNormalizationForwardInference");
      break;
    case LayerKind::kRelu:
    case LayerKind::kRelu6:
    case LayerKind::kSilu:
      check_cudnn(cudnnActivationForward(handles.cudnn(), activation_->get(), &one, x_desc_->get(),
                                         x, &zero, x_desc_->get(), out),
                  "cudnnActivationForward");
      break;
    case LayerKind::kLeakyRelu:
      pointwise_device(precision_, PointwiseOp::kLeakyRelu, x, out, in_count, spec_.alpha, nullptr,
                       {}, stream);
      break;
    case LayerKind::kPrelu:
      pointwise_device(precision_, PointwiseOp::kPrelu, x, out, in_count, 0.0F, vec_a_.as<float>(),
                       ChannelLayout{in.h * in.w, in.c}, stream);
      break;
    case LayerKind::kGelu:
      pointwise_device(precision_, PointwiseOp::kGelu, x, out, in_count, 0.0F, nullptr, {}, stream);
      break;
    case LayerKind::kMaxPool:
    case LayerKind::kAvgPool:
    case LayerKind::kGlobalAvgPool:
      check_cudnn(cudnnPoolingForward(handles.cudnn(), pool_->get(), &one, x_desc_->get(), x, &zero,
                                      y_desc_->get(), out),
                  "cudnnPoolingForward");
      break;
    case LayerKind::kLinear: {
      const std::int64_t features = zoo::feature_dim(y);
      linear_gemm(handles, precision_, x, weight_.data(), out, batch_ * zoo::feature_rows(in),
                  zoo::feature_dim(in), features);
      if (vec_a_.size_bytes() > 0) {
        pointwise_device(precision_, PointwiseOp::kAddChannelBias, out, out, out_count, 0.0F,
                         vec_a_.as<float>(), ChannelLayout{1, features}, stream);
      }
      break;
    }
    case LayerKind::kAdd:
      add_device(precision_, x, inputs.at(1), out, out_count, stream);
      break;
    case LayerKind::kConcat: {
      const std::int64_t plane = y.h * y.w;
      std::int64_t offset = 0;
      for (std::size_t k = 0; k < inputs.size(); ++k) {
        const std::int64_t channels = spec_.in[k].c;
        check_cuda(
            cudaMemcpy2DAsync(static_cast<char*>(out) + bytes(offset * plane), bytes(y.c * plane),
                              inputs[k], bytes(channels * plane), bytes(channels * plane),
                              static_cast<std::size_t>(batch_), cudaMemcpyDeviceToDevice, stream),
            "concat: cudaMemcpy2DAsync");
        offset += channels;
      }
      break;
    }
    case LayerKind::kUpsample:
      upsample_nearest_device(precision_, x, out, batch_ * in.c, in.h, in.w, spec_.scale, stream);
      break;
    case LayerKind::kLayerNorm:
      layer_norm_device(precision_, x, out, vec_a_.as<float>(), vec_b_.as<float>(),
                        batch_ * zoo::feature_rows(in), zoo::feature_dim(in), kLayerNormEps,
                        stream);
      break;
    case LayerKind::kSoftmax:
      check_cudnn(
          cudnnSoftmaxForward(handles.cudnn(), CUDNN_SOFTMAX_ACCURATE, CUDNN_SOFTMAX_MODE_CHANNEL,
                              &one, x_desc_->get(), x, &zero, x_desc_->get(), out),
          "cudnnSoftmaxForward");
      break;
    case LayerKind::kAttention:
      run_attention(handles, x, out);
      break;
    case LayerKind::kPatchEmbed:
      run_patch_embed(handles, x, out);
      break;
    case LayerKind::kTakeToken:
      // Token 0 of every sample: N rows of D elements, T * D apart.
      check_cuda(
          cudaMemcpy2DAsync(out, bytes(y.c), x, bytes(in.h * in.w), bytes(y.c),
                            static_cast<std::size_t>(batch_), cudaMemcpyDeviceToDevice, stream),
          "take_token: cudaMemcpy2DAsync");
      break;
  }
}

}  // namespace servesim::kernels::cuda
