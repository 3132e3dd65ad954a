// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/batcher.hpp"

namespace servesim::sim {

Batcher::Batcher(Engine& engine, const BatchingSpec& spec, Resource& compute, BatchStage& stage)
    : engine_(engine),
      spec_(spec),
      compute_(compute),
      stage_(stage),
      idle_instances_(spec.instances) {
  for (int i = 0; i < spec.instances; ++i) {
    batch_storage_.push_back(std::make_unique<std::vector<Request*>>());
    batch_storage_.back()->reserve(static_cast<std::size_t>(spec.max_batch));
    free_batches_.push_back(batch_storage_.back().get());
  }
}

Batcher::Batcher(Engine& engine, const BatchingSpec& spec, Resource& compute,
                 std::unique_ptr<BatchStage> owned_stage)
    : Batcher(engine, spec, compute, *owned_stage) {
  owned_stage_ = std::move(owned_stage);
}

int Batcher::choose_batch_size(std::size_t queued, SimDuration oldest_wait_ns) const {
  if (queued == 0) return 0;
  const auto max_batch = static_cast<std::size_t>(spec_.max_batch);
  if (queued >= max_batch) return spec_.max_batch;
  for (auto it = spec_.preferred_batch.rbegin(); it != spec_.preferred_batch.rend(); ++it) {
    if (static_cast<std::size_t>(*it) <= queued) return *it;
  }
  if (oldest_wait_ns >= spec_.max_delay_ns) return static_cast<int>(queued);
  return 0;
}

void Batcher::submit(Request* request) {
  queue_.push_back(QueuedRequest{request, engine_.now()});
  try_dispatch();
}

void Batcher::try_dispatch(bool worker_awake) {
  while (idle_instances_ > 0 && !queue_.empty()) {
    const SimDuration oldest_wait_ns = engine_.now() - queue_.front().enqueued_ns;
    const int size = choose_batch_size(queue_.size(), oldest_wait_ns);
    if (size == 0) {
      arm_timer(queue_.front().enqueued_ns + spec_.max_delay_ns);
      return;
    }
    std::vector<Request*>* batch = free_batches_.back();
    free_batches_.pop_back();
    batch->clear();
    for (int i = 0; i < size; ++i) batch->push_back(queue_.pop_front().request);
    --idle_instances_;
    ++batches_sent_;
    items_sent_ += static_cast<std::uint64_t>(size);
    run_instance(batch, worker_awake);
  }
}

void Batcher::arm_timer(SimTime deadline_ns) {
  if (timer_for_ns_ == deadline_ns) return;  // already armed for this oldest request
  if (timer_deadline_ns_ >= 0) engine_.cancel(timer_);
  timer_for_ns_ = deadline_ns;
  // The batcher's thread sleeps until the deadline and wakes a little after it.
  const std::optional<SimDuration> late_ns = stage_.sample_batch_timer();
  timer_wakes_worker_ = late_ns.has_value();
  timer_deadline_ns_ = deadline_ns + (late_ns ? *late_ns : stage_.sample_dispatch());
  timer_ = engine_.schedule_at(timer_deadline_ns_, &Batcher::on_timer, this);
}

void Batcher::on_timer(void* self, std::uint64_t) {
  auto* batcher = static_cast<Batcher*>(self);
  batcher->timer_deadline_ns_ = -1;
  batcher->timer_for_ns_ = -1;
  batcher->try_dispatch(batcher->timer_wakes_worker_);
}

Process Batcher::run_instance(std::vector<Request*>* batch, bool worker_awake) {
  if (compute_.try_acquire()) {
    // An idle unit: its worker sleeps and must be woken before the call starts.
    const SimDuration wake_ns = worker_awake ? 0 : stage_.sample_dispatch();
    if (wake_ns > 0) co_await engine_.delay(wake_ns);
  } else {
    co_await compute_.acquire();
  }
  const SimTime start_ns = engine_.now();
  co_await engine_.delay(stage_.batch_duration(*batch, compute_));
  compute_.release_after(stage_.sample_turnaround());
  const int size = static_cast<int>(batch->size());
  for (Request* r : *batch) {
    r->batch_start_ns = start_ns;
    r->batch_size = size;
    engine_.schedule_resume_at(engine_.now(), r->waiter);
  }
  free_batches_.push_back(batch);
  ++idle_instances_;
  if (queue_.empty() || stage_.draw_batch_first()) {
    try_dispatch();
  } else {
    // The batcher's thread woke elsewhere: the items resumed above queue their next stage first,
    // the decision comes in an event after theirs at this same time.
    engine_.schedule_at(engine_.now(), &Batcher::on_instance_free, this);
  }
}

void Batcher::on_instance_free(void* self, std::uint64_t) {
  static_cast<Batcher*>(self)->try_dispatch();
}

}  // namespace servesim::sim
