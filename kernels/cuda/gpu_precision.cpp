// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/gpu_precision.hpp"

#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {

std::string_view precision_name(GpuPrecision precision) {
  return precision == GpuPrecision::kFp16 ? "fp16" : "fp32";
}

GpuPrecision precision_by_name(std::string_view name) {
  if (name == "fp32") return GpuPrecision::kFp32;
  if (name == "fp16") return GpuPrecision::kFp16;
  throw std::invalid_argument("unknown GPU precision '" + std::string(name) +
                              "'; use fp32 or fp16");
}

std::size_t element_bytes(GpuPrecision precision) {
  return precision == GpuPrecision::kFp16 ? 2 : 4;
}

}  // namespace servesim::kernels::cuda
