// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/event_order.hpp"

#include <cstdint>
#include <vector>

namespace servesim::sim {

/// What an event does when it fires: a plain function with a context pointer and a word, so that
/// scheduling never allocates (no std::function).
using EventFn = void (*)(void* ctx, std::uint64_t arg);

/// Names a scheduled event so that it can be cancelled. Zero is never a valid id.
using EventId = std::uint64_t;

struct FiredEvent {
  SimTime time_ns;
  EventFn fn;
  void* ctx;
  std::uint64_t arg;
};

/// Pending-event set: a 4-ary heap of (order, slot) with payloads in a slot table. Cancellation is
/// lazy (the heap entry stays until it surfaces) and O(1); slots are recycled, so a steady state
/// allocates nothing.
class EventQueue {
 public:
  EventId push(SimTime time_ns, EventPriority priority, EventFn fn, void* ctx, std::uint64_t arg);
  /// False if the id is unknown, already fired or already cancelled.
  bool cancel(EventId id);
  /// Removes the next live event; false when none is left.
  bool pop(FiredEvent& out);
  /// Time of the next live event, or false when none is left.
  bool peek_time(SimTime& time_ns);

  std::size_t live_count() const { return live_count_; }
  bool empty() const { return live_count_ == 0; }
  void reserve(std::size_t events);

 private:
  struct HeapEntry {
    EventOrder order;
    std::uint32_t slot;
  };
  struct Slot {
    EventFn fn = nullptr;
    void* ctx = nullptr;
    std::uint64_t arg = 0;
    std::uint32_t generation = 1;
    bool pending = false;
  };

  void sift_up(std::size_t index);
  void sift_down(std::size_t index);
  void pop_heap_top();
  void drop_cancelled_top();

  std::vector<HeapEntry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_seq_ = 0;
  std::size_t live_count_ = 0;
};

}  // namespace servesim::sim
