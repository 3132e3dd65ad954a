// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/broker_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace servesim::calib {
namespace {
namespace fs = std::filesystem;

std::string make_data_dir(BrokerKind kind) {
  const fs::path pattern =
      fs::temp_directory_path() / ("servesim-" + std::string(broker_name(kind)) + "-XXXXXX");
  std::string text = pattern.string();
  if (::mkdtemp(text.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder for the " +
                             std::string(broker_name(kind)) + " server under " +
                             fs::temp_directory_path().string());
  }
  return text;
}

std::vector<std::string> server_arguments(BrokerKind kind, const std::string& program, int port,
                                          const std::string& dir) {
  const std::string port_text = std::to_string(port);
  if (kind == BrokerKind::redis) {
    // No persistence, loopback only, and no pub/sub output limit: the probe bounds what is in
    // flight itself, and a default limit would drop a slow subscriber of 4 MiB messages.
    return {program,       "--port", port_text, "--bind",
            "127.0.0.1",   "--save", "",        "--appendonly",
            "no",          "--dir",  dir,       "--client-output-buffer-limit",
            "pubsub 0 0 0"};
  }
  const std::string config = dir + "/servesim-nats.conf";
  std::ofstream(config) << "# written by servesim: large probe messages need a larger payload\n"
                           "max_payload: 8388608\n";
  return {program, "-c", config, "-a", "127.0.0.1", "-p", port_text, "-js", "-sd", dir};
}

bool log_says_port_taken(const std::string& log_path) {
  const std::string tail = tail_of_file(log_path, 20);
  return tail.find("in use") != std::string::npos;
}

}  // namespace

BrokerServer::BrokerServer(BrokerKind kind, BrokerServerOptions options)
    : stop_timeout_(options.stop_timeout) {
  endpoint_.kind = kind;
  if (!options.url.empty()) {
    connect_external(options);
    return;
  }
  try {
    start_process(options);
  } catch (...) {
    stop();  // no destructor runs for a half-built object: remove the folder here
    throw;
  }
}

BrokerServer::BrokerServer(BrokerServer&& other) noexcept
    : endpoint_(other.endpoint_),
      process_(std::move(other.process_)),
      data_dir_(std::exchange(other.data_dir_, std::string())),
      log_path_(std::exchange(other.log_path_, std::string())),
      stop_timeout_(other.stop_timeout_) {
  other.process_.reset();
}

BrokerServer::~BrokerServer() { stop(); }

void BrokerServer::connect_external(const BrokerServerOptions& options) {
  const BrokerEndpoint given = BrokerEndpoint::parse(options.url);
  if (given.kind != endpoint_.kind) {
    throw std::invalid_argument("broker URL '" + options.url + "' is a " +
                                std::string(broker_name(given.kind)) + " URL where a " +
                                std::string(broker_name(endpoint_.kind)) + " one is needed");
  }
  const std::string reason = check_endpoint(given, options.start_timeout);
  if (!reason.empty()) {
    throw std::runtime_error("cannot reach " + std::string(broker_name(given.kind)) + " at " +
                             options.url + " (" + reason +
                             "); start the server there, or give no URL to let servesim start "
                             "one on 127.0.0.1");
  }
  endpoint_ = given;
}

void BrokerServer::start_process(const BrokerServerOptions& options) {
  const std::string name = std::string(broker_name(endpoint_.kind));
  const std::string package = std::string(broker_debian_package(endpoint_.kind));
  const std::string wanted = options.executable.empty() ? package : options.executable;
  const std::string program = find_executable(wanted);
  if (program.empty()) {
    const std::string where = wanted.find('/') != std::string::npos
                                  ? "'" + wanted + "' does not exist or is not executable"
                                  : "'" + wanted + "' is not on PATH nor in /usr/sbin, /sbin";
    throw std::runtime_error("cannot start " + name + ": " + where +
                             "; install the Debian package " + package + " (apt-get install " +
                             package + "), or pass the URL of a running server");
  }

  data_dir_ = make_data_dir(endpoint_.kind);
  log_path_ = data_dir_ + "/server.log";
  endpoint_.host = "127.0.0.1";
  // The free port can be taken between picking and binding; try a few.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    endpoint_.port = pick_free_port();
    process_.emplace(ChildProcess::spawn(
        server_arguments(endpoint_.kind, program, endpoint_.port, data_dir_), log_path_));
    const auto deadline = std::chrono::steady_clock::now() + options.start_timeout;
    std::string reason;
    while (true) {
      if (!process_->running()) {
        reason = process_->status_text() + " before accepting connections";
        break;
      }
      reason = check_endpoint(endpoint_, std::chrono::milliseconds(250));
      if (reason.empty()) return;
      if (std::chrono::steady_clock::now() >= deadline) {
        reason = "did not accept connections within " +
                 std::to_string(options.start_timeout.count()) + " ms (" + reason + ")";
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const bool retry = attempt < kAttempts && log_says_port_taken(log_path_);
    const std::string log = tail_of_file(log_path_);
    stop();
    if (!retry) {
      throw std::runtime_error("cannot start " + name + " (" + program + " on port " +
                               std::to_string(endpoint_.port) + "): " + reason +
                               "; its log ends with:" + log);
    }
    data_dir_ = make_data_dir(endpoint_.kind);
    log_path_ = data_dir_ + "/server.log";
  }
}

void BrokerServer::stop() {
  if (process_) {
    process_->stop(stop_timeout_);
    process_.reset();
  }
  if (!data_dir_.empty()) {
    std::error_code ignored;  // a leftover temp folder is not worth an exception here
    fs::remove_all(data_dir_, ignored);
    data_dir_.clear();
  }
}

}  // namespace servesim::calib
