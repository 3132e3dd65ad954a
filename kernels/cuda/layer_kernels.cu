// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/layer_kernels.hpp"

#include <cuda_fp16.h>

namespace servesim::kernels::cuda {
namespace {

constexpr int kThreads = 256;
constexpr std::int64_t kMaxBlocks = 1 << 20;  // grid-stride loops cover the rest

__device__ inline float load(const float* p, std::int64_t i) { return p[i]; }
__device__ inline float load(const __half* p, std::int64_t i) { return __half2float(p[i]); }
__device__ inline void store(float* p, std::int64_t i, float v) { p[i] = v; }
__device__ inline void store(__half* p, std::int64_t i, float v) { p[i] = __float2half(v); }

__device__ inline std::int64_t first_index() {
  return static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}
__device__ inline std::int64_t grid_stride() {
  return static_cast<std::int64_t>(blockDim.x) * gridDim.x;
}

unsigned blocks_for(std::int64_t count) {
  const std::int64_t blocks = (count + kThreads - 1) / kThreads;
  return static_cast<unsigned>(blocks < 1 ? 1 : (blocks > kMaxBlocks ? kMaxBlocks : blocks));
}

template <typename T>
__global__ void pointwise_kernel(PointwiseOp op, const T* x, T* y, std::int64_t count, float alpha,
                                 const float* param, ChannelLayout layout) {
  for (std::int64_t i = first_index(); i < count; i += grid_stride()) {
    const float v = load(x, i);
    float r = v;
    switch (op) {
      case PointwiseOp::kLeakyRelu:
        r = v > 0.0F ? v : alpha * v;
        break;
      case PointwiseOp::kPrelu:
        r = v > 0.0F ? v : param[(i / layout.inner) % layout.channels] * v;
        break;
      case PointwiseOp::kGelu:
        r = 0.5F * v * (1.0F + erff(v * 0.70710678118654752F));
        break;
      case PointwiseOp::kAddChannelBias:
        r = v + param[(i / layout.inner) % layout.channels];
        break;
    }
    store(y, i, r);
  }
}

template <typename T>
__global__ void add_kernel(const T* a, const T* b, T* y, std::int64_t count) {
  for (std::int64_t i = first_index(); i < count; i += grid_stride()) {
    store(y, i, load(a, i) + load(b, i));
  }
}

__device__ inline float warp_sum(float v) {
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_xor_sync(0xFFFFFFFFU, v, offset);
  return v;
}

// One warp per row: rows are a few hundred to a few thousand features (ViT: 768).
template <typename T>
__global__ void layer_norm_kernel(const T* x, T* y, const float* gamma, const float* beta,
                                  std::int64_t rows, std::int64_t cols, float eps) {
  const std::int64_t row =
      static_cast<std::int64_t>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32;
  const int lane = static_cast<int>(threadIdx.x % 32);
  if (row >= rows) return;  // the whole warp leaves together
  const T* in = x + row * cols;
  T* out = y + row * cols;
  float sum = 0.0F;
  for (std::int64_t j = lane; j < cols; j += 32) sum += load(in, j);
  const float mean = warp_sum(sum) / static_cast<float>(cols);
  float squares = 0.0F;
  for (std::int64_t j = lane; j < cols; j += 32) {
    const float d = load(in, j) - mean;
    squares += d * d;
  }
  const float inv_std = rsqrtf(warp_sum(squares) / static_cast<float>(cols) + eps);
  for (std::int64_t j = lane; j < cols; j += 32) {
    store(out, j, (load(in, j) - mean) * inv_std * gamma[j] + beta[j]);
  }
}

__device__ inline float warp_max(float v) {
  for (int offset = 16; offset > 0; offset /= 2) {
    v = fmaxf(v, __shfl_xor_sync(0xFFFFFFFFU, v, offset));
  }
  return v;
}

// One warp per row. In place is safe: a lane writes only the elements it reads, after the
// reductions (whose shuffles every lane passes) have read the whole row.
template <typename T>
__global__ void softmax_rows_kernel(const T* x, T* y, std::int64_t rows, std::int64_t cols) {
  const std::int64_t row =
      static_cast<std::int64_t>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32;
  const int lane = static_cast<int>(threadIdx.x % 32);
  if (row >= rows) return;  // the whole warp leaves together
  const T* in = x + row * cols;
  T* out = y + row * cols;
  float largest = -3.402823466e38F;
  for (std::int64_t j = lane; j < cols; j += 32) largest = fmaxf(largest, load(in, j));
  largest = warp_max(largest);
  float sum = 0.0F;
  for (std::int64_t j = lane; j < cols; j += 32) sum += expf(load(in, j) - largest);
  const float inv_sum = 1.0F / warp_sum(sum);
  for (std::int64_t j = lane; j < cols; j += 32)
    store(out, j, expf(load(in, j) - largest) * inv_sum);
}

template <typename T>
__global__ void upsample_kernel(const T* x, T* y, std::int64_t planes, std::int64_t height,
                                std::int64_t width, int scale) {
  const std::int64_t out_w = width * scale;
  const std::int64_t out_plane = out_w * height * scale;
  const std::int64_t count = planes * out_plane;
  for (std::int64_t i = first_index(); i < count; i += grid_stride()) {
    const std::int64_t plane = i / out_plane;
    const std::int64_t oy = (i % out_plane) / out_w;
    const std::int64_t ox = i % out_w;
    y[i] = x[(plane * height + oy / scale) * width + ox / scale];
  }
}

template <typename T>
__global__ void patch_tokens_kernel(const T* conv, const float* bias, const float* class_token,
                                    const float* position, T* y, std::int64_t batch,
                                    std::int64_t dim, std::int64_t patches) {
  const std::int64_t tokens = patches + 1;
  const std::int64_t count = batch * tokens * dim;
  for (std::int64_t i = first_index(); i < count; i += grid_stride()) {
    const std::int64_t d = i % dim;
    const std::int64_t t = (i / dim) % tokens;
    const std::int64_t n = i / (dim * tokens);
    float v = 0.0F;
    if (t == 0) {
      v = class_token[d];
    } else {
      v = load(conv, (n * dim + d) * patches + (t - 1)) + (bias != nullptr ? bias[d] : 0.0F);
    }
    store(y, i, v + position[t * dim + d]);
  }
}

__global__ void float_to_half_kernel(const float* x, __half* y, std::int64_t count) {
  for (std::int64_t i = first_index(); i < count; i += grid_stride()) y[i] = __float2half(x[i]);
}

__global__ void half_to_float_kernel(const __half* x, float* y, std::int64_t count) {
  for (std::int64_t i = first_index(); i < count; i += grid_stride()) y[i] = __half2float(x[i]);
}

bool is_half(GpuPrecision precision) { return precision == GpuPrecision::kFp16; }

}  // namespace

void pointwise_device(GpuPrecision precision, PointwiseOp op, const void* x, void* y,
                      std::int64_t count, float alpha, const float* param, ChannelLayout layout,
                      cudaStream_t stream) {
  if (count <= 0) return;
  if (is_half(precision)) {
    pointwise_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        op, static_cast<const __half*>(x), static_cast<__half*>(y), count, alpha, param, layout);
  } else {
    pointwise_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        op, static_cast<const float*>(x), static_cast<float*>(y), count, alpha, param, layout);
  }
  check_cuda(cudaGetLastError(), "pointwise_device: kernel launch");
}

void add_device(GpuPrecision precision, const void* a, const void* b, void* y, std::int64_t count,
                cudaStream_t stream) {
  if (count <= 0) return;
  if (is_half(precision)) {
    add_kernel<<<blocks_for(count), kThreads, 0, stream>>>(static_cast<const __half*>(a),
                                                           static_cast<const __half*>(b),
                                                           static_cast<__half*>(y), count);
  } else {
    add_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        static_cast<const float*>(a), static_cast<const float*>(b), static_cast<float*>(y), count);
  }
  check_cuda(cudaGetLastError(), "add_device: kernel launch");
}

void layer_norm_device(GpuPrecision precision, const void* x, void* y, const float* gamma,
                       const float* beta, std::int64_t rows, std::int64_t cols, float eps,
                       cudaStream_t stream) {
  if (rows <= 0 || cols <= 0) return;
  constexpr int kRowsPerBlock = kThreads / 32;
  const auto blocks = static_cast<unsigned>((rows + kRowsPerBlock - 1) / kRowsPerBlock);
  if (is_half(precision)) {
    layer_norm_kernel<<<blocks, kThreads, 0, stream>>>(
        static_cast<const __half*>(x), static_cast<__half*>(y), gamma, beta, rows, cols, eps);
  } else {
    layer_norm_kernel<<<blocks, kThreads, 0, stream>>>(
        static_cast<const float*>(x), static_cast<float*>(y), gamma, beta, rows, cols, eps);
  }
  check_cuda(cudaGetLastError(), "layer_norm_device: kernel launch");
}

void softmax_rows_device(GpuPrecision precision, const void* x, void* y, std::int64_t rows,
                         std::int64_t cols, cudaStream_t stream) {
  if (rows <= 0 || cols <= 0) return;
  constexpr int kRowsPerBlock = kThreads / 32;
  const auto blocks = static_cast<unsigned>((rows + kRowsPerBlock - 1) / kRowsPerBlock);
  if (is_half(precision)) {
    softmax_rows_kernel<<<blocks, kThreads, 0, stream>>>(static_cast<const __half*>(x),
                                                         static_cast<__half*>(y), rows, cols);
  } else {
    softmax_rows_kernel<<<blocks, kThreads, 0, stream>>>(static_cast<const float*>(x),
                                                         static_cast<float*>(y), rows, cols);
  }
  check_cuda(cudaGetLastError(), "softmax_rows_device: kernel launch");
}

void upsample_nearest_device(GpuPrecision precision, const void* x, void* y, std::int64_t planes,
                             std::int64_t height, std::int64_t width, int scale,
                             cudaStream_t stream) {
  const std::int64_t count = planes * height * width * scale * scale;
  if (count <= 0) return;
  if (is_half(precision)) {
    upsample_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        static_cast<const __half*>(x), static_cast<__half*>(y), planes, height, width, scale);
  } else {
    upsample_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        static_cast<const float*>(x), static_cast<float*>(y), planes, height, width, scale);
  }
  check_cuda(cudaGetLastError(), "upsample_nearest_device: kernel launch");
}

void patch_tokens_device(GpuPrecision precision, const void* conv, const float* bias,
                         const float* class_token, const float* position, void* y,
                         std::int64_t batch, std::int64_t dim, std::int64_t patches,
                         cudaStream_t stream) {
  const std::int64_t count = batch * (patches + 1) * dim;
  if (count <= 0) return;
  if (is_half(precision)) {
    patch_tokens_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        static_cast<const __half*>(conv), bias, class_token, position, static_cast<__half*>(y),
        batch, dim, patches);
  } else {
    patch_tokens_kernel<<<blocks_for(count), kThreads, 0, stream>>>(
        static_cast<const float*>(conv), bias, class_token, position, static_cast<float*>(y), batch,
        dim, patches);
  }
  check_cuda(cudaGetLastError(), "patch_tokens_device: kernel launch");
}

void float_to_half_device(const float* x, void* y, std::int64_t count, cudaStream_t stream) {
  if (count <= 0) return;
  float_to_half_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, static_cast<__half*>(y),
                                                                   count);
  check_cuda(cudaGetLastError(), "float_to_half_device: kernel launch");
}

void half_to_float_device(const void* x, float* y, std::int64_t count, cudaStream_t stream) {
  if (count <= 0) return;
  half_to_float_kernel<<<blocks_for(count), kThreads, 0, stream>>>(static_cast<const __half*>(x), y,
                                                                   count);
  check_cuda(cudaGetLastError(), "half_to_float_device: kernel launch");
}

}  // namespace servesim::kernels::cuda
