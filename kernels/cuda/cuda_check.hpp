// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>

namespace servesim::kernels::cuda {

/// Number of CUDA devices. When there is none, returns 0 and sets `reason` to one line that says
/// why ("CUDA driver not found (libcuda.so.1 is not installed) ...", "no CUDA-capable device is
/// detected", ...). Never throws and never aborts: a machine without a GPU is a normal case.
int device_count_or_reason(std::string& reason);

/// "no CUDA GPU on this machine (<reason>); run calibrate --backend cuda on a machine with a GPU"
std::string no_gpu_message(const std::string& reason);

/// Every entry point that needs a GPU calls this first. Throws std::runtime_error with
/// no_gpu_message() when there is no device, or naming the index when `device` is not one of
/// them; otherwise makes `device` current and returns the device count.
int require_cuda_device(int device = 0);

/// The device ran out of memory (cudaMalloc, or a cuDNN / cuBLAS allocation): a batch too large
/// for this GPU, which a batch sweep treats as its end rather than as a failure.
class CudaOutOfMemory : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws std::runtime_error("<what>: <error name>: <error text>") unless `status` is
/// cudaSuccess; CudaOutOfMemory for cudaErrorMemoryAllocation.
void check_cuda(cudaError_t status, const char* what);

}  // namespace servesim::kernels::cuda
