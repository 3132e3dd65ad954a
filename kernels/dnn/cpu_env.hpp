// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace servesim::kernels::dnn {

/// "Eigen 3.4.0, SIMD SSE, SSE2, ..., AVX2, FMA, OpenMP on": how the kernels were compiled, for
/// the provenance of measured tables.
std::string kernel_build_info();

/// True when the DNN kernels were built with OpenMP, i.e. Eigen's GEMMs can use several threads.
bool openmp_enabled();

/// Scoped CPU settings for a timed run: Eigen's GEMM thread count (process-wide,
/// Eigen::setNbThreads) and, optionally, flush-to-zero / denormals-are-zero on the calling thread
/// and on the OpenMP worker threads. The calling thread's floating-point mode and the previous
/// thread count are restored on destruction. Concurrent guards on several threads are safe when
/// they ask for the same thread count (nothing process-wide is then written).
class CpuEnvGuard {
 public:
  CpuEnvGuard(int threads, bool flush_denormals);
  ~CpuEnvGuard();
  CpuEnvGuard(const CpuEnvGuard&) = delete;
  CpuEnvGuard& operator=(const CpuEnvGuard&) = delete;

 private:
  int previous_threads_;
  unsigned previous_csr_ = 0;
  bool restore_csr_ = false;
};

}  // namespace servesim::kernels::dnn
