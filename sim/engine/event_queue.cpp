// SPDX-License-Identifier: Apache-2.0
#include "sim/engine/event_queue.hpp"

#include <stdexcept>

namespace servesim::sim {
namespace {
constexpr std::size_t kArity = 4;

EventId make_id(std::uint32_t slot, std::uint32_t generation) {
  return (static_cast<EventId>(generation) << 32) | slot;
}
}  // namespace

void EventQueue::reserve(std::size_t events) {
  heap_.reserve(events);
  slots_.reserve(events);
  free_slots_.reserve(events);
}

EventId EventQueue::push(SimTime time_ns, EventPriority priority, EventFn fn, void* ctx,
                         std::uint64_t arg) {
  if (next_seq_ > EventOrder::kSeqMask) {
    throw std::overflow_error("event queue: more than 2^48 events scheduled in one run");
  }
  std::uint32_t slot_index;
  if (!free_slots_.empty()) {
    slot_index = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot_index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[slot_index];
  slot.fn = fn;
  slot.ctx = ctx;
  slot.arg = arg;
  slot.pending = true;
  heap_.push_back(HeapEntry{EventOrder::make(time_ns, priority, next_seq_++), slot_index});
  sift_up(heap_.size() - 1);
  ++live_count_;
  return make_id(slot_index, slot.generation);
}

bool EventQueue::cancel(EventId id) {
  const auto slot_index = static_cast<std::uint32_t>(id & 0xffffffffu);
  const auto generation = static_cast<std::uint32_t>(id >> 32);
  if (slot_index >= slots_.size()) return false;
  Slot& slot = slots_[slot_index];
  if (!slot.pending || slot.generation != generation) return false;
  slot.pending = false;
  ++slot.generation;
  --live_count_;
  return true;
}

void EventQueue::drop_cancelled_top() {
  // Cancelled entries surface here; their slots become free only now, when no heap entry
  // refers to them any more.
  while (!heap_.empty() && !slots_[heap_.front().slot].pending) {
    free_slots_.push_back(heap_.front().slot);
    pop_heap_top();
  }
}

bool EventQueue::peek_time(SimTime& time_ns) {
  drop_cancelled_top();
  if (heap_.empty()) return false;
  time_ns = heap_.front().order.time_ns;
  return true;
}

bool EventQueue::pop(FiredEvent& out) {
  drop_cancelled_top();
  if (heap_.empty()) return false;
  const HeapEntry top = heap_.front();
  pop_heap_top();
  Slot& slot = slots_[top.slot];
  out = FiredEvent{top.order.time_ns, slot.fn, slot.ctx, slot.arg};
  slot.pending = false;
  ++slot.generation;
  free_slots_.push_back(top.slot);
  --live_count_;
  return true;
}

void EventQueue::pop_heap_top() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void EventQueue::sift_up(std::size_t index) {
  const HeapEntry moving = heap_[index];
  while (index > 0) {
    const std::size_t parent = (index - 1) / kArity;
    if (!(moving.order < heap_[parent].order)) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = moving;
}

void EventQueue::sift_down(std::size_t index) {
  const std::size_t size = heap_.size();
  const HeapEntry moving = heap_[index];
  for (;;) {
    const std::size_t first_child = index * kArity + 1;
    if (first_child >= size) break;
    std::size_t best = first_child;
    const std::size_t last_child = first_child + kArity < size ? first_child + kArity : size;
    for (std::size_t child = first_child + 1; child < last_child; ++child) {
      if (heap_[child].order < heap_[best].order) best = child;
    }
    if (!(heap_[best].order < moving.order)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = moving;
}

}  // namespace servesim::sim
