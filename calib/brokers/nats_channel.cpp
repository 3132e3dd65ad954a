// SPDX-License-Identifier: Apache-2.0
#include "calib/brokers/nats_channel.hpp"

#include <nats/nats.h>

#include <stdexcept>

namespace servesim::calib {
namespace {

[[noreturn]] void fail(const std::string& url, const std::string& doing, natsStatus status,
                       jsErrCode js_error = static_cast<jsErrCode>(0)) {
  natsStatus ignored;
  const char* detail = nats_GetLastError(&ignored);
  std::string message = "nats at " + url + ": " + doing + " failed: " + natsStatus_GetText(status);
  if (detail != nullptr && *detail != '\0') message += " (" + std::string(detail) + ")";
  if (js_error != 0) message += " [JetStream error " + std::to_string(js_error) + "]";
  throw std::runtime_error(message);
}

// One connection and its JetStream context, used by one thread.
class NatsConnection {
 public:
  NatsConnection(const BrokerEndpoint& endpoint, std::chrono::milliseconds io_timeout)
      : url_(endpoint.url()) {
    natsOptions* options = nullptr;
    natsStatus s = natsOptions_Create(&options);
    if (s == NATS_OK) s = natsOptions_SetURL(options, url_.c_str());
    if (s == NATS_OK) s = natsOptions_SetTimeout(options, io_timeout.count());
    if (s == NATS_OK) s = natsOptions_SetAllowReconnect(options, false);
    if (s == NATS_OK) s = natsOptions_SetName(options, "servesim-broker-probe");
    if (s == NATS_OK) s = natsConnection_Connect(&connection_, options);
    natsOptions_Destroy(options);
    if (s != NATS_OK) fail(url_, "connecting", s);
    jsOptions js_options;
    jsOptions_Init(&js_options);
    js_options.Wait = io_timeout.count();
    s = natsConnection_JetStream(&js_, connection_, &js_options);
    if (s != NATS_OK) {
      natsConnection_Destroy(connection_);
      fail(url_, "opening a JetStream context", s);
    }
  }
  NatsConnection(const NatsConnection&) = delete;
  NatsConnection& operator=(const NatsConnection&) = delete;
  ~NatsConnection() {
    jsCtx_Destroy(js_);
    natsConnection_Destroy(connection_);
  }

  natsConnection* connection() { return connection_; }
  jsCtx* js() { return js_; }
  const std::string& url() const { return url_; }

 private:
  std::string url_;
  natsConnection* connection_ = nullptr;
  jsCtx* js_ = nullptr;
};

class JetStreamProducer final : public ProbeProducer {
 public:
  JetStreamProducer(const BrokerEndpoint& endpoint, std::string stream, std::int64_t message_bytes,
                    std::chrono::milliseconds io_timeout)
      : connection_(endpoint, io_timeout), stream_(std::move(stream)), subject_(stream_ + ".in") {
    const std::int64_t max_payload = natsConnection_GetMaxPayload(connection_.connection());
    if (message_bytes > max_payload) {
      throw std::runtime_error(
          "nats at " + connection_.url() + ": " + std::to_string(message_bytes) +
          "-byte messages exceed the server's max_payload of " + std::to_string(max_payload) +
          " bytes; set max_payload (up to 64MB) in the server config, or "
          "probe smaller sizes");
    }
    js_DeleteStream(connection_.js(), stream_.c_str(), nullptr, nullptr);  // a stale one
    const char* subjects[] = {subject_.c_str()};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = stream_.c_str();
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    config.Retention = js_WorkQueuePolicy;  // an acked message is gone: a hand-off queue
    config.Storage = js_FileStorage;
    jsStreamInfo* info = nullptr;
    jsErrCode js_error = static_cast<jsErrCode>(0);
    const natsStatus s = js_AddStream(&info, connection_.js(), &config, nullptr, &js_error);
    jsStreamInfo_Destroy(info);
    if (s != NATS_OK) {
      fail(connection_.url(), "creating stream " + stream_ + " (is JetStream enabled, -js?)", s,
           js_error);
    }
  }
  ~JetStreamProducer() override {
    js_DeleteStream(connection_.js(), stream_.c_str(), nullptr, nullptr);
  }
  void publish(std::span<const std::byte> message) override {
    jsPubAck* ack = nullptr;
    jsErrCode js_error = static_cast<jsErrCode>(0);
    const natsStatus s = js_Publish(&ack, connection_.js(), subject_.c_str(), message.data(),
                                    static_cast<int>(message.size()), nullptr, &js_error);
    jsPubAck_Destroy(ack);
    if (s != NATS_OK) fail(connection_.url(), "publishing to " + subject_, s, js_error);
  }
  const std::string& subject() const { return subject_; }

 private:
  NatsConnection connection_;
  std::string stream_;
  std::string subject_;
};

class JetStreamConsumer final : public ProbeConsumer {
 public:
  JetStreamConsumer(const BrokerEndpoint& endpoint, const std::string& stream,
                    const std::string& subject, std::chrono::milliseconds io_timeout)
      : connection_(endpoint, io_timeout) {
    jsSubOptions options;
    jsSubOptions_Init(&options);
    options.Stream = stream.c_str();
    options.Config.AckPolicy = js_AckExplicit;
    jsErrCode js_error = static_cast<jsErrCode>(0);
    const natsStatus s = js_SubscribeSync(&subscription_, connection_.js(), subject.c_str(),
                                          nullptr, &options, &js_error);
    if (s != NATS_OK) fail(connection_.url(), "subscribing to " + subject, s, js_error);
  }
  ~JetStreamConsumer() override {
    natsSubscription_Unsubscribe(subscription_);  // also deletes the ephemeral consumer
    natsSubscription_Destroy(subscription_);
  }
  std::optional<ProbeHeader> receive(std::chrono::milliseconds timeout) override {
    natsMsg* message = nullptr;
    const natsStatus s = natsSubscription_NextMsg(&message, subscription_, timeout.count());
    if (s == NATS_TIMEOUT) return std::nullopt;
    if (s != NATS_OK) fail(connection_.url(), "receiving", s);
    const auto* data = reinterpret_cast<const std::byte*>(natsMsg_GetData(message));
    const auto length = static_cast<std::size_t>(natsMsg_GetDataLength(message));
    const std::optional<ProbeHeader> header = read_probe_header({data, length});
    const natsStatus acked = natsMsg_Ack(message, nullptr);
    natsMsg_Destroy(message);
    if (!header) {
      throw std::runtime_error("nats at " + connection_.url() + ": received a " +
                               std::to_string(length) +
                               "-byte message that is not an intact probe message");
    }
    if (acked != NATS_OK) fail(connection_.url(), "acknowledging", acked);
    return header;
  }

 private:
  NatsConnection connection_;
  natsSubscription* subscription_ = nullptr;
};

}  // namespace

ProbeChannel open_nats_jetstream_channel(const BrokerEndpoint& endpoint, const std::string& stream,
                                         std::int64_t message_bytes,
                                         std::chrono::milliseconds io_timeout) {
  if (stream.empty() || stream.find_first_of(". *>") != std::string::npos) {
    throw std::invalid_argument("JetStream stream name '" + stream +
                                "' must be non-empty without '.', ' ', '*' or '>'");
  }
  auto producer = std::make_unique<JetStreamProducer>(endpoint, stream, message_bytes, io_timeout);
  const std::string subject = producer->subject();
  ProbeChannel channel;
  channel.producer = std::move(producer);
  channel.consumer = std::make_unique<JetStreamConsumer>(endpoint, stream, subject, io_timeout);
  return channel;
}

std::string nats_client_version() { return std::string("nats.c ") + nats_GetVersion(); }

}  // namespace servesim::calib
