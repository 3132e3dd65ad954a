// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/engine.hpp"
#include "sim/engine/process.hpp"
#include "sim/engine/resource.hpp"
#include "sim/serving/request.hpp"
#include "sim/topology/topology.hpp"

#include <coroutine>
#include <cstdint>
#include <memory>
#include <vector>

namespace servesim::sim {

/// A Kafka-like persistent log between two stages. The producer batches per partition (sticky
/// partitioning, KIP-480): a batch is sent when it reaches batch.size or linger.ms after its first
/// record. The producer's request crosses the network, holds a partition leader while it appends,
/// waits for replication when acks=all, and is fetched by the consumer of that partition
/// (every poll_ms when polling on a fixed period, else at once: long poll). A consumer copies
/// each fetched batch, one batch at a time; a group has min(consumers, partitions) of them.
class KafkaLog {
 public:
  KafkaLog(Engine& engine, const BrokerSpec& spec, Resource& leaders, Resource& consumers);
  KafkaLog(const KafkaLog&) = delete;
  KafkaLog& operator=(const KafkaLog&) = delete;

  /// `co_await log.send(&request, bytes)`: returns when the consumer has the record.
  struct SendAwaiter {
    KafkaLog& log;
    Request* request;
    std::int64_t bytes;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle) {
      request->waiter = handle;
      log.append(request, bytes);
    }
    void await_resume() const noexcept {}
  };
  SendAwaiter send(Request* request, std::int64_t bytes) { return {*this, request, bytes}; }

  /// Records waiting in producer batches (not yet sent).
  std::size_t queue_length() const;

 private:
  struct ProducerBatch {
    std::vector<Request*> records;
    std::int64_t bytes = 0;
    EventId linger_timer = 0;
    bool timer_armed = false;
  };

  void append(Request* request, std::int64_t bytes);
  void send_batch(int partition);
  static void on_linger(void* self, std::uint64_t partition);
  Process deliver(std::vector<Request*> records, std::int64_t bytes);

  Engine& engine_;
  BrokerSpec spec_;
  Resource& leaders_;
  Resource& consumers_;
  std::vector<ProducerBatch> open_;  // per partition
  int sticky_partition_ = 0;
};

}  // namespace servesim::sim
