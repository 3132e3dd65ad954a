// SPDX-License-Identifier: Apache-2.0
#include "kernels/cuda/cuda_environment.hpp"

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/nvml_power.hpp"

#include <cublas_v2.h>
#if SERVESIM_HAVE_CUDNN
#include <cudnn.h>
#endif

#include <sstream>

namespace servesim::kernels::cuda {
namespace {

std::string cuda_version_text(int version) {
  if (version <= 0) return "none";
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

std::string cublas_version_text() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  if (cublasGetProperty(MAJOR_VERSION, &major) != CUBLAS_STATUS_SUCCESS ||
      cublasGetProperty(MINOR_VERSION, &minor) != CUBLAS_STATUS_SUCCESS ||
      cublasGetProperty(PATCH_LEVEL, &patch) != CUBLAS_STATUS_SUCCESS) {
    return "unknown";
  }
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string cudnn_version_text() {
#if SERVESIM_HAVE_CUDNN
  const std::size_t v = cudnnGetVersion();  // e.g. 91900 for 9.19.0
  return std::to_string(v / 10000) + "." + std::to_string((v % 10000) / 100) + "." +
         std::to_string(v % 100);
#else
  return "not built: cuDNN was not found at configure time, so GPU model runners are absent";
#endif
}

std::string nvjpeg_text() {
#if SERVESIM_HAVE_NVJPEG
  return std::string("found at configure time (") + SERVESIM_NVJPEG_LIBRARY +
         "); GPU JPEG decode is not calibrated yet, jpeg_decode stays a CPU op";
#else
  return "not found at configure time (no nvjpeg.h / libnvjpeg in the CUDA toolkit); GPU JPEG "
         "decode skipped, jpeg_decode stays a CPU op";
#endif
}

}  // namespace

CudaEnvironment describe_cuda_environment(int device) {
  CudaEnvironment env;
  env.device_count = device_count_or_reason(env.no_device_reason);
  cudaRuntimeGetVersion(&env.runtime_version);
  cudaDriverGetVersion(&env.driver_version);
  if (env.device_count > 0 && device >= 0 && device < env.device_count) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, device) == cudaSuccess) {
      env.device_name = prop.name;
      env.compute_capability = prop.major * 10 + prop.minor;
      env.memory_bytes = prop.totalGlobalMem;
    }
  }
  env.have_cudnn = SERVESIM_HAVE_CUDNN != 0;
  env.cudnn = cudnn_version_text();
  env.cublas = cublas_version_text();
  env.nvjpeg = nvjpeg_text();
  env.nvml = NvmlPower::open(static_cast<unsigned>(device < 0 ? 0 : device)).status();
  return env;
}

std::string CudaEnvironment::report() const {
  std::ostringstream out;
  if (device_count > 0) {
    out << "GPU: " << device_name << " (sm_" << compute_capability << ", "
        << memory_bytes / (1024 * 1024) << " MiB), " << device_count << " device(s)\n";
  } else {
    out << "GPU: none (" << no_device_reason << ")\n";
  }
  out << "CUDA runtime " << cuda_version_text(runtime_version) << ", driver "
      << cuda_version_text(driver_version) << "\n"
      << "cuDNN: " << cudnn << "\n"
      << "cuBLAS: " << cublas << "\n"
      << "nvJPEG: " << nvjpeg << "\n"
      << "NVML power: " << nvml << "\n";
  return out.str();
}

std::string CudaEnvironment::library_versions() const {
  return "CUDA runtime " + cuda_version_text(runtime_version) + ", driver " +
         cuda_version_text(driver_version) + ", cuDNN " + (have_cudnn ? cudnn : "none") +
         ", cuBLAS " + cublas;
}

}  // namespace servesim::kernels::cuda
