// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace servesim::validate {

/// A broker_hop through a real Redis list: producers LPUSH one message per child item (child id,
/// parent id, box width and height, the RGB bytes of the box), a consumer thread BRPOPs and hands
/// each message back. Connections are plain hiredis on 127.0.0.1.
class RedisHop {
 public:
  struct Message {
    std::uint64_t child_id = 0;
    std::uint64_t parent_id = 0;
    int width_px = 0;
    int height_px = 0;
    std::vector<std::uint8_t> rgb;
  };
  /// Called on the consumer thread with each popped message and the CLOCK_MONOTONIC ns of the pop.
  using Deliver = std::function<void(Message message, std::int64_t popped_ns)>;
  /// Errors on the consumer (a lost connection) go to `on_error`.
  RedisHop(const std::string& host, int port, std::string list_key, Deliver deliver,
           std::function<void(const std::string&)> on_error);
  ~RedisHop();
  RedisHop(const RedisHop&) = delete;
  RedisHop& operator=(const RedisHop&) = delete;

  /// LPUSH from any thread (a pool of producer connections). Throws std::runtime_error naming
  /// the list and Redis's reason.
  void publish(const Message& message);
  /// Stops the consumer (it wakes at least once a second) and closes every connection.
  void stop();

  /// The message's bytes on the wire and back (exposed for tests).
  static std::vector<std::uint8_t> encode(const Message& message);
  /// Throws std::runtime_error naming the list when the bytes are not a message.
  static Message decode(std::span<const std::uint8_t> bytes, const std::string& list_key);

 private:
  void consume();
  void* connect() const;  // a redisContext*

  std::string host_;
  int port_;
  std::string key_;
  Deliver deliver_;
  std::function<void(const std::string&)> on_error_;
  std::mutex mutex_;
  std::vector<void*> idle_producers_;
  std::vector<void*> all_producers_;
  bool stopping_ = false;
  std::thread consumer_;
};

}  // namespace servesim::validate
