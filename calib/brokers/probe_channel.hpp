// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/probe_message.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>

namespace servesim::calib {

/// The sending end of a broker hand-off, used by one producer thread. Own connection.
class ProbeProducer {
 public:
  virtual ~ProbeProducer() = default;
  /// Hands one message to the broker; returns once the broker has it (reply or ack). Throws
  /// std::runtime_error naming the broker on failure.
  virtual void publish(std::span<const std::byte> message) = 0;
};

/// The receiving end, used by one consumer thread. Own connection.
class ProbeConsumer {
 public:
  virtual ~ProbeConsumer() = default;
  /// Waits up to `timeout` for the next message; nullopt when none came. Throws
  /// std::runtime_error on a broker error or a message that is not a probe message.
  virtual std::optional<ProbeHeader> receive(std::chrono::milliseconds timeout) = 0;
};

/// One producer and one consumer joined through a broker (a Redis list, a Redis pub/sub
/// channel, a JetStream stream). Ready to publish when returned: the consumer is already
/// subscribed. Members are destroyed consumer first, then producer (which owns the queue).
struct ProbeChannel {
  std::unique_ptr<ProbeProducer> producer;
  std::unique_ptr<ProbeConsumer> consumer;
};

}  // namespace servesim::calib
