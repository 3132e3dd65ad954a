// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace servesim::calib {

/// The brokers servesim calibrates against.
enum class BrokerKind { redis, nats };

/// "redis" or "nats": the cost_points model name and the URL scheme.
std::string_view broker_name(BrokerKind kind);
/// The Debian package that ships the server, for install hints.
std::string_view broker_debian_package(BrokerKind kind);

/// Where a broker listens.
struct BrokerEndpoint {
  BrokerKind kind = BrokerKind::redis;
  std::string host = "127.0.0.1";
  int port = 0;

  /// "redis://127.0.0.1:6379" or "nats://127.0.0.1:4222".
  std::string url() const;
  /// Parses "redis://host:port" or "nats://host:port" (port defaults to 6379 / 4222). Throws
  /// std::invalid_argument quoting the URL and the expected form.
  static BrokerEndpoint parse(std::string_view url);
};

/// Connects and speaks just enough protocol to see a broker of the right kind answer (Redis:
/// PING gets +PONG; NATS: the server greets with INFO). Returns an empty string when it does,
/// otherwise the reason ("connection refused", "answered '-NOAUTH ...'", "timed out").
std::string check_endpoint(const BrokerEndpoint& endpoint, std::chrono::milliseconds timeout);

}  // namespace servesim::calib
