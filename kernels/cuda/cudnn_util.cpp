// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cudnn_util.hpp"

#include "kernels/cuda/cuda_check.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {

void check_cudnn(cudnnStatus_t status, const char* what) {
  if (status == CUDNN_STATUS_SUCCESS) return;
  const std::string message = std::string(what) + ": cuDNN: " + cudnnGetErrorString(status);
  if (status == CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED ||
      status == CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED) {
    throw CudaOutOfMemory(message);
  }
  throw std::runtime_error(message);
}

void check_cublas(cublasStatus_t status, const char* what) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  const std::string message = std::string(what) + ": cuBLAS: " + cublasGetStatusName(status) +
                              " (" + cublasGetStatusString(status) + ")";
  if (status == CUBLAS_STATUS_ALLOC_FAILED) throw CudaOutOfMemory(message);
  throw std::runtime_error(message);
}

cudnnDataType_t cudnn_type(GpuPrecision precision) {
  return precision == GpuPrecision::kFp16 ? CUDNN_DATA_HALF : CUDNN_DATA_FLOAT;
}

cudaDataType_t cublas_type(GpuPrecision precision) {
  return precision == GpuPrecision::kFp16 ? CUDA_R_16F : CUDA_R_32F;
}

TensorDesc nchw_desc(GpuPrecision precision, std::int64_t n, std::int64_t c, std::int64_t h,
                     std::int64_t w) {
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  if (n < 1 || c < 1 || h < 1 || w < 1 || n > kMax || c > kMax || h > kMax || w > kMax ||
      n * c * h * w > kMax) {
    throw std::invalid_argument(
        "tensor " + std::to_string(n) + "x" + std::to_string(c) + "x" + std::to_string(h) + "x" +
        std::to_string(w) + " is empty or exceeds cuDNN's 2^31 - 1 elements; use a smaller batch");
  }
  TensorDesc desc;
  check_cudnn(cudnnSetTensor4dDescriptor(desc.get(), CUDNN_TENSOR_NCHW, cudnn_type(precision),
                                         static_cast<int>(n), static_cast<int>(c),
                                         static_cast<int>(h), static_cast<int>(w)),
              "cudnnSetTensor4dDescriptor");
  return desc;
}

GpuHandles::GpuHandles(cudaStream_t stream) : stream_(stream) {
  try {
    check_cudnn(cudnnCreate(&cudnn_), "cudnnCreate");
    check_cudnn(cudnnSetStream(cudnn_, stream_), "cudnnSetStream");
    check_cublas(cublasCreate(&cublas_), "cublasCreate");
    check_cublas(cublasSetStream(cublas_, stream_), "cublasSetStream");
  } catch (...) {
    if (cublas_ != nullptr) cublasDestroy(cublas_);
    if (cudnn_ != nullptr) cudnnDestroy(cudnn_);
    throw;
  }
}

GpuHandles::~GpuHandles() {
  if (cublas_ != nullptr) cublasDestroy(cublas_);
  if (cudnn_ != nullptr) cudnnDestroy(cudnn_);
}

}  // namespace servesim::kernels::cuda
