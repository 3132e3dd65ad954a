// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to servesim_cuda_layers (built only with cuDNN): RAII for cuDNN and cuBLAS objects.

#include "kernels/cuda/gpu_precision.hpp"

#include <cublas_v2.h>
#include <cudnn.h>

#include <cstdint>

namespace servesim::kernels::cuda {

/// Throws std::runtime_error("<what>: <cuDNN error text>") unless `status` is success.
void check_cudnn(cudnnStatus_t status, const char* what);
/// Throws std::runtime_error("<what>: <cuBLAS error name>") unless `status` is success.
void check_cublas(cublasStatus_t status, const char* what);

cudnnDataType_t cudnn_type(GpuPrecision precision);
cudaDataType_t cublas_type(GpuPrecision precision);

/// An owned cuDNN descriptor of one kind. Move-only.
template <typename Handle, cudnnStatus_t (*Create)(Handle*), cudnnStatus_t (*Destroy)(Handle)>
class CudnnDescriptor {
 public:
  CudnnDescriptor() { check_cudnn(Create(&handle_), "cudnnCreate...Descriptor"); }
  ~CudnnDescriptor() {
    if (handle_ != nullptr) Destroy(handle_);
  }
  CudnnDescriptor(CudnnDescriptor&& other) noexcept : handle_(other.handle_) {
    other.handle_ = nullptr;
  }
  CudnnDescriptor& operator=(CudnnDescriptor&& other) noexcept {
    Handle h = handle_;
    handle_ = other.handle_;
    other.handle_ = h;
    return *this;
  }
  CudnnDescriptor(const CudnnDescriptor&) = delete;
  CudnnDescriptor& operator=(const CudnnDescriptor&) = delete;

  Handle get() const noexcept { return handle_; }

 private:
  Handle handle_ = nullptr;
};

using TensorDesc = CudnnDescriptor<cudnnTensorDescriptor_t, cudnnCreateTensorDescriptor,
                                   cudnnDestroyTensorDescriptor>;
using FilterDesc = CudnnDescriptor<cudnnFilterDescriptor_t, cudnnCreateFilterDescriptor,
                                   cudnnDestroyFilterDescriptor>;
using ConvDesc = CudnnDescriptor<cudnnConvolutionDescriptor_t, cudnnCreateConvolutionDescriptor,
                                 cudnnDestroyConvolutionDescriptor>;
using PoolDesc = CudnnDescriptor<cudnnPoolingDescriptor_t, cudnnCreatePoolingDescriptor,
                                 cudnnDestroyPoolingDescriptor>;
using ActivationDesc = CudnnDescriptor<cudnnActivationDescriptor_t, cudnnCreateActivationDescriptor,
                                       cudnnDestroyActivationDescriptor>;

/// An NCHW tensor descriptor; throws std::invalid_argument when a size exceeds cuDNN's int range.
TensorDesc nchw_desc(GpuPrecision precision, std::int64_t n, std::int64_t c, std::int64_t h,
                     std::int64_t w);

/// The cuDNN and cuBLAS handles of one runner, both bound to its stream.
class GpuHandles {
 public:
  explicit GpuHandles(cudaStream_t stream);
  ~GpuHandles();
  GpuHandles(const GpuHandles&) = delete;
  GpuHandles& operator=(const GpuHandles&) = delete;

  cudnnHandle_t cudnn() const noexcept { return cudnn_; }
  cublasHandle_t cublas() const noexcept { return cublas_; }
  cudaStream_t stream() const noexcept { return stream_; }

 private:
  cudaStream_t stream_;
  cudnnHandle_t cudnn_ = nullptr;
  cublasHandle_t cublas_ = nullptr;
};

}  // namespace servesim::kernels::cuda
