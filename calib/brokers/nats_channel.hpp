// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/broker_endpoint.hpp"
#include "calib/brokers/probe_channel.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace servesim::calib {

/// A NATS JetStream hand-off: the producer creates a work-queue stream `stream` (file storage,
/// subject "<stream>.in") and publishes with js_Publish, waiting for each ack; the consumer is a
/// push subscription that acks every message, so the stream forgets it. Two connections. The
/// stream is deleted on close.
///
/// Throws std::runtime_error naming the URL when NATS cannot be reached or JetStream is off,
/// and when `message_bytes` exceeds the server's max_payload (the error says how to raise it).
ProbeChannel open_nats_jetstream_channel(const BrokerEndpoint& endpoint, const std::string& stream,
                                         std::int64_t message_bytes,
                                         std::chrono::milliseconds io_timeout);

/// "nats.c 3.4.1".
std::string nats_client_version();

}  // namespace servesim::calib
