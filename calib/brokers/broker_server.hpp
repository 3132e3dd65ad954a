// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/brokers/broker_endpoint.hpp"
#include "calib/brokers/child_process.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace servesim::calib {

/// How to get a broker to probe.
struct BrokerServerOptions {
  /// Use this running broker ("redis://host:port", "nats://host:port") instead of starting one.
  std::string url;
  /// Server program: a path, or a name looked up on PATH and in the sbin folders. Empty means
  /// redis-server or nats-server.
  std::string executable;
  std::chrono::milliseconds start_timeout{10'000};
  std::chrono::milliseconds stop_timeout{5'000};
};

/// A real Redis or NATS (JetStream) server on 127.0.0.1, started as a child process on a free
/// port with its data in a fresh temporary folder, or a running broker given by URL.
///
/// The constructor returns once the server answers its protocol; the destructor stops it
/// (SIGTERM, then SIGKILL after stop_timeout), reaps it and removes its folder, so no server is
/// left behind when a probe or a test throws. Errors say what is missing: the Debian package for
/// a missing program, the URL for an unreachable broker, the server's log for a failed start.
///
/// Started Redis: --port P --bind 127.0.0.1 --save '' --appendonly no, no pub/sub output limit.
/// Started NATS: -a 127.0.0.1 -p P -js -sd DIR, with max_payload 8 MiB so 4 MiB messages fit.
class BrokerServer {
 public:
  explicit BrokerServer(BrokerKind kind, BrokerServerOptions options = {});
  BrokerServer(BrokerServer&& other) noexcept;
  BrokerServer& operator=(BrokerServer&&) = delete;
  BrokerServer(const BrokerServer&) = delete;
  BrokerServer& operator=(const BrokerServer&) = delete;
  ~BrokerServer();

  const BrokerEndpoint& endpoint() const { return endpoint_; }
  std::string url() const { return endpoint_.url(); }
  /// False when probing a broker given by URL.
  bool owns_process() const { return process_.has_value(); }
  /// The server's pid while it runs; -1 for a broker given by URL or after stop().
  pid_t pid() const { return process_ ? process_->pid() : -1; }
  /// The started server's stdout and stderr; empty for a broker given by URL.
  const std::string& log_path() const { return log_path_; }
  /// Stops a started server and removes its folder; does nothing for a URL. Idempotent.
  void stop();

 private:
  void start_process(const BrokerServerOptions& options);
  void connect_external(const BrokerServerOptions& options);

  BrokerEndpoint endpoint_;
  std::optional<ChildProcess> process_;
  std::string data_dir_;
  std::string log_path_;
  std::chrono::milliseconds stop_timeout_;
};

}  // namespace servesim::calib
