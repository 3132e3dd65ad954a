// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to servesim_cuda_layers: the GEMMs of linear and attention layers through cuBLAS
// (cublasGemmEx / cublasGemmBatchedEx). cuBLAS is column-major; a row-major R x C matrix with
// row stride ld is the column-major C x R matrix with the same ld, which is how these calls
// read the row-major (PyTorch-layout) tensors. fp32: CUBLAS_COMPUTE_32F (no TF32);
// fp16: half inputs and outputs, float accumulation, tensor cores.

#include "kernels/cuda/cudnn_util.hpp"

#include <cstdint>

namespace servesim::kernels::cuda {

/// Row-major y[rows][out] = x[rows][in] * w[out][in]^T (the layout of torch.nn.Linear).
void linear_gemm(const GpuHandles& handles, GpuPrecision precision, const void* x, const void* w,
                 void* y, std::int64_t rows, std::int64_t in_features, std::int64_t out_features);

/// One batched call of column-major C_i = alpha * op(A_i) op(B_i) for i < count, with device
/// arrays of device pointers (attention: one entry per sample and head).
struct BatchedGemm {
  cublasOperation_t trans_a = CUBLAS_OP_N;
  cublasOperation_t trans_b = CUBLAS_OP_N;
  int m = 0;
  int n = 0;
  int k = 0;
  float alpha = 1.0F;
  const void* const* a = nullptr;
  int lda = 0;
  const void* const* b = nullptr;
  int ldb = 0;
  void* const* c = nullptr;
  int ldc = 0;
  int count = 0;
};
void batched_gemm(const GpuHandles& handles, GpuPrecision precision, const BatchedGemm& g);

}  // namespace servesim::kernels::cuda
