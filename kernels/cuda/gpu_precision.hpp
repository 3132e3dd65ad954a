// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string_view>

namespace servesim::kernels::cuda {

/// Data type of a GPU model run's activations and GEMM / convolution weights.
enum class GpuPrecision {
  kFp32,  ///< float everywhere; cuDNN restricted to FMA math and cuBLAS to CUBLAS_COMPUTE_32F
          ///< (no TF32), so that "fp32" means IEEE single precision on every GPU
  kFp16,  ///< half activations and weights, float accumulation, tensor cores allowed
};

/// "fp32" / "fp16": the cost_points.precision values.
std::string_view precision_name(GpuPrecision precision);

/// Inverse of precision_name; throws std::invalid_argument listing the known names.
GpuPrecision precision_by_name(std::string_view name);

/// 4 or 2.
std::size_t element_bytes(GpuPrecision precision);

}  // namespace servesim::kernels::cuda
