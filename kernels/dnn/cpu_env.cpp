// SPDX-License-Identifier: Apache-2.0
#include "kernels/dnn/cpu_env.hpp"

#include <Eigen/Core>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif
#if defined(_OPENMP)
#include <omp.h>
#endif

namespace servesim::kernels::dnn {
namespace {

#if defined(__SSE__)
// MXCSR bits: flush-to-zero (bit 15) and denormals-are-zero (bit 6).
constexpr unsigned kFlushDenormals = 0x8040U;
#endif

void set_flush_denormals_on_workers(int threads) {
#if defined(_OPENMP) && defined(__SSE__)
  // libgomp keeps its worker threads, so the mode set here stays for Eigen's parallel GEMMs.
#pragma omp parallel num_threads(threads)
  _mm_setcsr(_mm_getcsr() | kFlushDenormals);
#else
  (void)threads;
#endif
}

}  // namespace

std::string kernel_build_info() {
  // Eigen's own list omits AVX2 and FMA, which matter most for its GEMM kernels.
  std::string isa;
#if defined(__AVX2__)
  isa += "AVX2 ";
#endif
#if defined(__FMA__)
  isa += "FMA ";
#endif
  return "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
         std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) +
         ", SIMD " + isa + "(" + Eigen::SimdInstructionSetsInUse() + "), OpenMP " +
         (openmp_enabled() ? "on" : "off");
}

bool openmp_enabled() {
#if defined(_OPENMP)
  return true;
#else
  return false;
#endif
}

CpuEnvGuard::CpuEnvGuard(int threads, bool flush_denormals)
    : previous_threads_(Eigen::nbThreads()) {
  // The count is process-wide: passes running at once on several threads (a server's workers)
  // all ask for the same count, so only a change is written and only a change is undone.
  if (threads != previous_threads_) Eigen::setNbThreads(threads);
#if defined(__SSE__)
  if (flush_denormals) {
    previous_csr_ = _mm_getcsr();
    restore_csr_ = true;
    _mm_setcsr(previous_csr_ | kFlushDenormals);
    if (threads > 1) set_flush_denormals_on_workers(threads);
  }
#else
  (void)flush_denormals;
#endif
}

CpuEnvGuard::~CpuEnvGuard() {
#if defined(__SSE__)
  if (restore_csr_) _mm_setcsr(previous_csr_);
#endif
  if (Eigen::nbThreads() != previous_threads_) Eigen::setNbThreads(previous_threads_);
}

}  // namespace servesim::kernels::dnn
