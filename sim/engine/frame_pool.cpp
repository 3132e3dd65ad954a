// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/frame_pool.hpp"

#include <array>
#include <new>

namespace servesim::sim {
namespace {
constexpr std::size_t kGranuleBytes = 64;
constexpr std::size_t kClassCount = 64;  // frames up to 4 KiB are pooled

struct FreeNode {
  FreeNode* next;
};

struct ThreadLists {
  std::array<FreeNode*, kClassCount> heads{};
  ~ThreadLists() {
    for (FreeNode* head : heads) {
      while (head != nullptr) {
        FreeNode* next = head->next;
        ::operator delete(head);
        head = next;
      }
    }
  }
};

[[maybe_unused]] thread_local ThreadLists lists;

[[maybe_unused]] std::size_t size_class(std::size_t bytes) {
  return (bytes + kGranuleBytes - 1) / kGranuleBytes;
}
}  // namespace

// Under AddressSanitizer frames go straight to the allocator so use-after-free stays visible.
#if defined(__SANITIZE_ADDRESS__)
void* FramePool::allocate(std::size_t bytes) { return ::operator new(bytes); }
void FramePool::deallocate(void* frame, std::size_t /*bytes*/) noexcept {
  ::operator delete(frame);
}
#else
void* FramePool::allocate(std::size_t bytes) {
  const std::size_t cls = size_class(bytes);
  if (cls >= kClassCount) return ::operator new(bytes);
  if (FreeNode* node = lists.heads[cls]; node != nullptr) {
    lists.heads[cls] = node->next;
    return node;
  }
  return ::operator new(cls* kGranuleBytes);
}

void FramePool::deallocate(void* frame, std::size_t bytes) noexcept {
  const std::size_t cls = size_class(bytes);
  if (cls >= kClassCount) {
    ::operator delete(frame);
    return;
  }
  auto* node = static_cast<FreeNode*>(frame);
  node->next = lists.heads[cls];
  lists.heads[cls] = node;
}
#endif

}  // namespace servesim::sim
