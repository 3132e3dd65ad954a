// SPDX-License-Identifier: Apache-2.0
#include "sim/serving/kafka_log.hpp"

#include "sim/serving/broker_cost.hpp"

namespace servesim::sim {

KafkaLog::KafkaLog(Engine& engine, const BrokerSpec& spec, Resource& leaders, Resource& consumers)
    : engine_(engine),
      spec_(spec),
      leaders_(leaders),
      consumers_(consumers),
      open_(static_cast<std::size_t>(spec.partitions)) {}

std::size_t KafkaLog::queue_length() const {
  std::size_t waiting = 0;
  for (const ProducerBatch& b : open_) waiting += b.records.size();
  return waiting;
}

void KafkaLog::append(Request* request, std::int64_t bytes) {
  const int p = sticky_partition_;
  ProducerBatch& batch = open_[static_cast<std::size_t>(p)];
  batch.records.push_back(request);
  batch.bytes += bytes;
  if (batch.bytes >= spec_.batch_bytes || spec_.linger_ms <= 0) {
    send_batch(p);
  } else if (!batch.timer_armed) {
    batch.timer_armed = true;
    batch.linger_timer =
        engine_.schedule_in(duration_from_ns(spec_.linger_ms * 1e6), &KafkaLog::on_linger, this,
                            static_cast<std::uint64_t>(p));
  }
}

void KafkaLog::on_linger(void* self, std::uint64_t partition) {
  auto& log = *static_cast<KafkaLog*>(self);
  log.open_[partition].timer_armed = false;
  log.send_batch(static_cast<int>(partition));
}

void KafkaLog::send_batch(int partition) {
  ProducerBatch& batch = open_[static_cast<std::size_t>(partition)];
  if (batch.timer_armed) engine_.cancel(batch.linger_timer);
  batch.timer_armed = false;
  std::vector<Request*> records;
  records.swap(batch.records);
  const std::int64_t bytes = batch.bytes;
  batch.bytes = 0;
  // The sticky partitioner moves on once a batch leaves.
  sticky_partition_ = (partition + 1) % spec_.partitions;
  deliver(std::move(records), bytes);
}

Process KafkaLog::deliver(std::vector<Request*> records, std::int64_t bytes) {
  const SimDuration hop_ns = duration_from_ns(spec_.hop_latency_us * 1e3);
  co_await engine_.delay(hop_ns);  // producer -> leader
  co_await leaders_.acquire();
  co_await engine_.delay(duration_from_ns(kafka_append_ns(spec_, bytes)));
  leaders_.release();
  if (spec_.acks == "all") co_await engine_.delay(duration_from_ns(spec_.replication_us * 1e3));
  co_await engine_.delay(hop_ns);  // fetch response -> consumer
  if (spec_.poll_ms > 0) {
    const SimDuration period_ns = duration_from_ns(spec_.poll_ms * 1e6);
    const SimDuration into_period = engine_.now() % period_ns;
    if (into_period > 0) co_await engine_.delay(period_ns - into_period);
  }
  co_await consumers_.acquire();
  co_await engine_.delay(
      duration_from_ns(spec_.us_per_kib * static_cast<double>(bytes) / 1024.0 * 1e3));
  consumers_.release();
  for (Request* r : records) engine_.schedule_resume_at(engine_.now(), r->waiter);
}

}  // namespace servesim::sim
