// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/broker_endpoint.hpp"
#include "calib/brokers/probe_channel.hpp"

#include <chrono>
#include <string>

namespace servesim::calib {

/// A Redis list hand-off, as a two-DNN pipeline would use one: the producer LPUSHes onto `key`,
/// the consumer BRPOPs from it (FIFO). Two hiredis connections. The key is deleted on close.
/// Throws std::runtime_error naming the URL when Redis cannot be reached.
ProbeChannel open_redis_list_channel(const BrokerEndpoint& endpoint, const std::string& key,
                                     std::chrono::milliseconds io_timeout);

/// Redis pub/sub: the producer PUBLISHes to `channel`, the consumer is SUBSCRIBEd before this
/// returns (a message published to nobody would be lost).
ProbeChannel open_redis_pubsub_channel(const BrokerEndpoint& endpoint, const std::string& channel,
                                       std::chrono::milliseconds io_timeout);

/// "hiredis 0.14.1".
std::string hiredis_version();

}  // namespace servesim::calib
