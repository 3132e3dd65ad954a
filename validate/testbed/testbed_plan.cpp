// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/testbed_plan.hpp"

namespace servesim::validate {
namespace {

[[noreturn]] void refuse(const sim::Topology& t, const std::string& node, const std::string& why) {
  throw TestbedRefusal("servesim testbed: " + t.source_path + ": node '" + node + "' " + why);
}

}  // namespace

TestbedPlan plan_testbed(const sim::Topology& t) {
  TestbedPlan plan;
  for (const sim::ResourceSpec& r : t.resources) {
    switch (r.kind) {
      case sim::ResourceKind::kGpu:
        refuse(t, r.name,
               "is a gpu (device " + r.device +
                   "); this machine has no GPU: the testbed runs cpu and nic resources");
      case sim::ResourceKind::kLink:
        refuse(t, r.name, "is a PCIe link; this machine has no GPU to copy to");
      case sim::ResourceKind::kServers:
        if (r.count > 1) {
          refuse(t, r.name,
                 "replicates the server " + std::to_string(r.count) +
                     " times; the testbed runs one server (set count=1)");
        }
        break;
      case sim::ResourceKind::kCpu:
        if (!plan.cpu_resource.empty()) {
          refuse(t, r.name,
                 "is a second cpu pool; the testbed runs one (" + plan.cpu_resource + ")");
        }
        plan.cpu_resource = r.name;
        plan.cores = r.cores;
        break;
      case sim::ResourceKind::kNic:
        break;
      case sim::ResourceKind::kBroker:
        if (r.broker.type != sim::BrokerType::kRedis) {
          refuse(t, r.name,
                 "is a " + std::string(sim::to_string(r.broker.type)) +
                     " broker; the testbed runs a real Redis only (type=redis)");
        }
        if (!r.broker.mode.empty() && r.broker.mode != "list") {
          refuse(t, r.name,
                 "uses redis mode " + r.broker.mode + "; the testbed runs Redis lists (mode=list)");
        }
        break;
    }
  }
  if (t.servers.count > 1) {
    refuse(t, "servers", "replicates the server; the testbed runs one (set count=1)");
  }
  if (t.stages.size() < 2 || t.stages.front().op != sim::StageOp::kNetRecv ||
      t.stages.back().op != sim::StageOp::kNetSend) {
    refuse(t, t.stages.empty() ? t.name : t.stages.front().name,
           "starts the chain; the testbed needs net_recv first and net_send last");
  }
  kernels::ImageSize size{0, 0};
  bool normalised = false;
  kernels::ImageSize size_at_fanout{0, 0};  // after the join the parent goes on with it
  bool normalised_at_fanout = false;
  for (std::size_t i = 0; i < t.stages.size(); ++i) {
    const sim::StageSpec& s = t.stages[i];
    if (s.op == sim::StageOp::kFanout || s.op == sim::StageOp::kJoin) {
      if (s.op == sim::StageOp::kFanout) {
        size_at_fanout = size;
        normalised_at_fanout = normalised;
        if (s.out_width_px > 0) {
          size = {s.out_width_px, s.out_height_px};  // each child starts as a box of this size
          normalised = false;
        }
      } else {
        size = size_at_fanout;
        normalised = normalised_at_fanout;
      }
      plan.size_after.push_back(size);
      continue;
    }
    const bool network = s.op == sim::StageOp::kNetRecv || s.op == sim::StageOp::kNetSend;
    if (network != (t.resource(s.on).kind == sim::ResourceKind::kNic)) {
      refuse(t, s.name,
             "runs " + std::string(sim::to_string(s.op)) + " on '" + s.on +
                 "'; the testbed runs network stages on the nic, others on the cpu");
    }
    if ((s.op == sim::StageOp::kNetRecv && i != 0) ||
        (s.op == sim::StageOp::kNetSend && i + 1 != t.stages.size())) {
      refuse(t, s.name, "must be the first (net_recv) or last (net_send) stage");
    }
    if (s.batching.max_batch > 1 && s.op != sim::StageOp::kInfer) {
      refuse(t, s.name,
             "batches a " + std::string(sim::to_string(s.op)) +
                 " stage; the testbed batches infer stages only");
    }
    switch (s.op) {
      case sim::StageOp::kJpegDecode:
        size = {0, 0};
        normalised = false;
        break;
      case sim::StageOp::kResize:
      case sim::StageOp::kCrop:
        size = {s.out_width_px, s.out_height_px};
        normalised = false;
        break;
      case sim::StageOp::kNormalize:
        if (s.bytes_per_value != 4) {
          refuse(t, s.name,
                 "asks for bytes_per_value=" + std::to_string(s.bytes_per_value) +
                     "; the CPU models here take fp32 (4)");
        }
        normalised = true;
        break;
      case sim::StageOp::kInfer:
        if (!s.precision.empty() && s.precision != "fp32") {
          refuse(t, s.name,
                 "asks for precision " + s.precision + "; CPU inference here is fp32 only");
        }
        if (size.width_px == 0 || !normalised) {
          refuse(t, s.name,
                 "needs a fixed input size: put a resize or crop, then normalize, "
                 "before it");
        }
        break;
      case sim::StageOp::kH2d:
      case sim::StageOp::kD2h:
        refuse(t, s.name, "is a host-device copy; this machine has no GPU");
      default:
        break;
    }
    plan.size_after.push_back(size);
  }
  if (plan.cpu_resource.empty()) refuse(t, t.name, "has no cpu resource to run stages on");
  return plan;
}

}  // namespace servesim::validate
