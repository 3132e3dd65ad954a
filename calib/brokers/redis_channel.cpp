// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/redis_channel.hpp"

#include <hiredis/hiredis.h>

#include <cerrno>
#include <memory>
#include <poll.h>
#include <stdexcept>
#include <vector>

namespace servesim::calib {
namespace {

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

// One hiredis connection, used by one thread.
class RedisConnection {
 public:
  RedisConnection(const BrokerEndpoint& endpoint, std::chrono::milliseconds io_timeout)
      : url_(endpoint.url()) {
    context_ =
        redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, to_timeval(io_timeout));
    if (context_ == nullptr || context_->err != 0) {
      const std::string reason = context_ ? context_->errstr : "out of memory";
      if (context_) redisFree(context_);
      throw std::runtime_error("cannot connect to redis at " + url_ + ": " + reason);
    }
    redisSetTimeout(context_, to_timeval(io_timeout));
  }
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;
  ~RedisConnection() { redisFree(context_); }

  // Binary-safe command (string_views may hold any bytes); throws on I/O and error replies.
  Reply command(std::initializer_list<std::string_view> args) {
    std::vector<const char*> pointers;
    std::vector<std::size_t> lengths;
    for (std::string_view a : args) {
      pointers.push_back(a.data());
      lengths.push_back(a.size());
    }
    Reply reply(static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(args.size()),
                                                          pointers.data(), lengths.data())));
    check(reply, std::string(*args.begin()));
    return reply;
  }

  // The next pushed reply (pub/sub), waiting at most `timeout` for all of it; null when none
  // came. A large message arrives over many reads.
  Reply next_push(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    void* raw = nullptr;
    while (true) {
      if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) fail("reading");
      if (raw != nullptr) break;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return nullptr;
      pollfd readable{context_->fd, POLLIN, 0};
      const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno != EINTR) fail("waiting");
      if (ready > 0 && redisBufferRead(context_) != REDIS_OK) fail("reading");
    }
    Reply reply(static_cast<redisReply*>(raw));
    check(reply, "subscription");
    return reply;
  }

  const std::string& url() const { return url_; }

 private:
  [[noreturn]] void fail(const std::string& doing) {
    throw std::runtime_error("redis at " + url_ + ": " + doing + " failed: " + context_->errstr);
  }
  void check(const Reply& reply, const std::string& what) {
    if (!reply) fail(what);
    if (reply->type == REDIS_REPLY_ERROR) {
      throw std::runtime_error("redis at " + url_ + ": " + what + " answered " +
                               std::string(reply->str, reply->len));
    }
  }

  std::string url_;
  redisContext* context_ = nullptr;
};

std::optional<ProbeHeader> header_of(const redisReply& payload, const std::string& url) {
  if (payload.type != REDIS_REPLY_STRING) {
    throw std::runtime_error("redis at " + url + ": expected a message, got reply type " +
                             std::to_string(payload.type));
  }
  const auto* bytes = reinterpret_cast<const std::byte*>(payload.str);
  const std::optional<ProbeHeader> header = read_probe_header({bytes, payload.len});
  if (!header) {
    throw std::runtime_error("redis at " + url + ": received a " + std::to_string(payload.len) +
                             "-byte value that is not an intact probe message");
  }
  return header;
}

std::string_view as_chars(std::span<const std::byte> message) {
  return {reinterpret_cast<const char*>(message.data()), message.size()};
}

// Redis 6+ takes fractional BRPOP timeouts; whole seconds keep older servers working.
std::string brpop_timeout(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000);
  const auto ms = timeout.count();
  std::string fraction = std::to_string(ms % 1000);
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(ms / 1000) + "." + fraction;
}

class ListProducer final : public ProbeProducer {
 public:
  ListProducer(const BrokerEndpoint& endpoint, std::string key, std::chrono::milliseconds timeout)
      : connection_(endpoint, timeout), key_(std::move(key)) {
    connection_.command({"DEL", key_});
  }
  ~ListProducer() override {
    try {
      connection_.command({"DEL", key_});
    } catch (...) {  // NOLINT: best effort; a left-over key only costs memory on a test server
    }
  }
  void publish(std::span<const std::byte> message) override {
    connection_.command({"LPUSH", key_, as_chars(message)});
  }

 private:
  RedisConnection connection_;
  std::string key_;
};

class ListConsumer final : public ProbeConsumer {
 public:
  ListConsumer(const BrokerEndpoint& endpoint, std::string key, std::chrono::milliseconds timeout)
      : connection_(endpoint, timeout + std::chrono::milliseconds(2000)), key_(std::move(key)) {}
  std::optional<ProbeHeader> receive(std::chrono::milliseconds timeout) override {
    const Reply reply = connection_.command({"BRPOP", key_, brpop_timeout(timeout)});
    if (reply->type == REDIS_REPLY_NIL) return std::nullopt;
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) {
      throw std::runtime_error("redis at " + connection_.url() + ": unexpected BRPOP reply");
    }
    return header_of(*reply->element[1], connection_.url());
  }

 private:
  RedisConnection connection_;
  std::string key_;
};

class PubsubProducer final : public ProbeProducer {
 public:
  PubsubProducer(const BrokerEndpoint& endpoint, std::string channel,
                 std::chrono::milliseconds timeout)
      : connection_(endpoint, timeout), channel_(std::move(channel)) {}
  void publish(std::span<const std::byte> message) override {
    const Reply reply = connection_.command({"PUBLISH", channel_, as_chars(message)});
    if (reply->type == REDIS_REPLY_INTEGER && reply->integer == 0) {
      throw std::runtime_error("redis at " + connection_.url() + ": PUBLISH to '" + channel_ +
                               "' reached no subscriber");
    }
  }

 private:
  RedisConnection connection_;
  std::string channel_;
};

class PubsubConsumer final : public ProbeConsumer {
 public:
  PubsubConsumer(const BrokerEndpoint& endpoint, const std::string& channel,
                 std::chrono::milliseconds timeout)
      : connection_(endpoint, timeout) {
    // The confirmation means the subscription is live before anything is published.
    const Reply confirmation = connection_.command({"SUBSCRIBE", channel});
    if (confirmation->type != REDIS_REPLY_ARRAY) {
      throw std::runtime_error("redis at " + connection_.url() + ": SUBSCRIBE not confirmed");
    }
  }
  std::optional<ProbeHeader> receive(std::chrono::milliseconds timeout) override {
    const Reply reply = connection_.next_push(timeout);
    if (!reply) return std::nullopt;
    // ["message", channel, payload]
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) {
      throw std::runtime_error("redis at " + connection_.url() + ": unexpected pub/sub push");
    }
    return header_of(*reply->element[2], connection_.url());
  }

 private:
  RedisConnection connection_;
};

}  // namespace

ProbeChannel open_redis_list_channel(const BrokerEndpoint& endpoint, const std::string& key,
                                     std::chrono::milliseconds io_timeout) {
  ProbeChannel channel;
  channel.producer = std::make_unique<ListProducer>(endpoint, key, io_timeout);
  channel.consumer = std::make_unique<ListConsumer>(endpoint, key, io_timeout);
  return channel;
}

ProbeChannel open_redis_pubsub_channel(const BrokerEndpoint& endpoint, const std::string& channel,
                                       std::chrono::milliseconds io_timeout) {
  ProbeChannel result;
  result.producer = std::make_unique<PubsubProducer>(endpoint, channel, io_timeout);
  result.consumer = std::make_unique<PubsubConsumer>(endpoint, channel, io_timeout);
  return result;
}

std::string hiredis_version() {
  return "hiredis " + std::to_string(HIREDIS_MAJOR) + "." + std::to_string(HIREDIS_MINOR) + "." +
         std::to_string(HIREDIS_PATCH);
}

}  // namespace servesim::calib
