// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_check.hpp"

#include <stdexcept>

namespace servesim::kernels::cuda {
namespace {
std::string error_text(cudaError_t status) {
  return std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status);
}
}  // namespace

int device_count_or_reason(std::string& reason) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status == cudaSuccess && count > 0) {
    reason.clear();
    return count;
  }
  if (status == cudaSuccess) {
    reason = "the CUDA driver reports no devices";
    return 0;
  }
  // The runtime reports a missing driver as "insufficient driver" with driver version 0.
  int driver_version = 0;
  int runtime_version = 0;
  cudaDriverGetVersion(&driver_version);
  cudaRuntimeGetVersion(&runtime_version);
  if (status == cudaErrorInsufficientDriver && driver_version == 0) {
    reason = "CUDA driver not found: libcuda.so.1 is not installed (cudaGetDeviceCount: " +
             error_text(status) + ")";
  } else if (status == cudaErrorInsufficientDriver) {
    reason = "CUDA driver " + std::to_string(driver_version) + " is older than the runtime " +
             std::to_string(runtime_version) + " this build uses; update the NVIDIA driver";
  } else if (status == cudaErrorNoDevice) {
    reason = "no CUDA-capable device is detected (" + error_text(status) + ")";
  } else {
    reason = "cudaGetDeviceCount failed: " + error_text(status);
  }
  return 0;
}

std::string no_gpu_message(const std::string& reason) {
  return "no CUDA GPU on this machine (" + reason +
         "); run calibrate --backend cuda on a machine with a GPU";
}

int require_cuda_device(int device) {
  std::string reason;
  const int count = device_count_or_reason(reason);
  if (count == 0) throw std::runtime_error(no_gpu_message(reason));
  if (device < 0 || device >= count) {
    throw std::runtime_error("CUDA device " + std::to_string(device) + " does not exist: this " +
                             "machine has " + std::to_string(count) + " device(s), numbered 0 to " +
                             std::to_string(count - 1));
  }
  check_cuda(cudaSetDevice(device), "cudaSetDevice");
  return count;
}

void check_cuda(cudaError_t status, const char* what) {
  if (status == cudaSuccess) return;
  const std::string message = std::string(what) + ": " + error_text(status);
  if (status == cudaErrorMemoryAllocation) throw CudaOutOfMemory(message);
  throw std::runtime_error(message);
}

}  // namespace servesim::kernels::cuda
