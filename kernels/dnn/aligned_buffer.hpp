// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace servesim::kernels::dnn {

/// Cache-line (64-byte) alignment for every activation, weight and scratch array. Eigen's
/// vectorised loops start differently on differently aligned data, which changes both the
/// timing and the last bits of results; a fixed alignment makes both repeatable.
inline constexpr std::size_t kBufferAlignment = 64;

template <class T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) noexcept {}  // NOLINT: rebinding is implicit
  T* allocate(std::size_t count) {
    return static_cast<T*>(::operator new (count * sizeof(T), std::align_val_t{kBufferAlignment}));
  }
  void deallocate(T* p, std::size_t) noexcept {
    ::operator delete (p, std::align_val_t{kBufferAlignment});
  }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const noexcept {
    return true;
  }
};

/// A float array starting on a 64-byte boundary.
using FloatBuffer = std::vector<float, AlignedAllocator<float>>;

}  // namespace servesim::kernels::dnn
