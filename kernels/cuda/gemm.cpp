// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gemm.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {
namespace {
int as_int(std::int64_t v, const char* what) {
  if (v < 1 || v > std::numeric_limits<int>::max()) {
    throw std::invalid_argument(std::string("GEMM ") + what + " = " + std::to_string(v) +
                                " is outside cuBLAS's int range; use a smaller batch");
  }
  return static_cast<int>(v);
}
}  // namespace

void linear_gemm(const GpuHandles& handles, GpuPrecision precision, const void* x, const void* w,
                 void* y, std::int64_t rows, std::int64_t in_features, std::int64_t out_features) {
  // Column-major: y^T (out x rows) = w (out x in, stored as w^T with ld in) * x^T (in x rows).
  const int m = as_int(out_features, "out_features");
  const int n = as_int(rows, "rows");
  const int k = as_int(in_features, "in_features");
  const float one = 1.0F;
  const float zero = 0.0F;
  const cudaDataType_t type = cublas_type(precision);
  check_cublas(cublasGemmEx(handles.cublas(), CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &one, w, type, k,
                            x, type, k, &zero, y, type, m, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
               "cublasGemmEx (linear)");
}

void batched_gemm(const GpuHandles& handles, GpuPrecision precision, const BatchedGemm& g) {
  const float zero = 0.0F;
  const cudaDataType_t type = cublas_type(precision);
  check_cublas(cublasGemmBatchedEx(handles.cublas(), g.trans_a, g.trans_b, g.m, g.n, g.k, &g.alpha,
                                   g.a, type, g.lda, g.b, type, g.ldb, &zero, g.c, type, g.ldc,
                                   g.count, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
               "cublasGemmBatchedEx (attention)");
}

}  // namespace servesim::kernels::cuda
