// SPDX-License-Identifier: Apache-2.0
#include "validate/testbed/testbed_plan.hpp"

#include "sim/topology/topology_parser.hpp"

#include <catch2/catch.hpp>

using namespace servesim;
using servesim::validate::plan_testbed;
using servesim::validate::TestbedRefusal;

namespace {
// A CPU server; `extra` adds nodes, `infer_attrs` changes the infer stage.
std::string dot(const std::string& extra, const std::string& infer_attrs = "model=mobilenetv2",
                const std::string& before_infer = "resize -> normalize") {
  return "digraph t {\n nic [kind=nic, gbits_per_s=40];\n cpu [kind=cpu, cores=3];\n" + extra +
         " recv [kind=stage, op=net_recv, on=nic];\n decode [kind=stage, op=jpeg_decode, on=cpu];\n"
         " resize [kind=stage, op=resize, on=cpu, out_px=\"96x64\"];\n"
         " normalize [kind=stage, op=normalize, on=cpu];\n"
         " infer [kind=stage, op=infer, on=cpu, " +
         infer_attrs +
         "];\n send [kind=stage, op=net_send, on=nic];\n"
         " recv -> decode -> " +
         before_infer + " -> infer -> send;\n}\n";
}
}  // namespace

TEST_CASE("a cpu topology is planned: cores, and the fixed input size of infer", "[unit]") {
  const auto plan = plan_testbed(sim::parse_topology(dot(""), "ok.dot"));
  CHECK(plan.cpu_resource == "cpu");
  CHECK(plan.cores == 3);
  REQUIRE(plan.size_after.size() == 6);
  CHECK(plan.size_after[1].width_px == 0);  // after decode: the request's own size
  CHECK(plan.size_after[4].width_px == 96);
  CHECK(plan.size_after[4].height_px == 64);
}

TEST_CASE("the shipped cpu_only topology is runnable here", "[unit]") {
  const auto t = sim::read_topology(std::string(SERVESIM_SOURCE_DIR) + "/topologies/cpu_only.dot");
  const auto plan = plan_testbed(t);
  CHECK(plan.cores == 2);
  for (const auto& r : t.resources) {
    if (r.kind == sim::ResourceKind::kCpu) CHECK(r.device == "local");
  }
}

TEST_CASE("what this machine lacks is refused in one line naming the node", "[unit]") {
  auto refusal = [](const std::string& text) {
    try {
      plan_testbed(sim::parse_topology(text, "x.dot"));
    } catch (const TestbedRefusal& e) {
      const std::string message = e.what();
      CHECK(message.find('\n') == std::string::npos);
      return message;
    }
    FAIL("not refused");
    return std::string();
  };
  CHECK_THAT(
      refusal(dot(" gpu [kind=gpu, device=rtx4090];\n")),
      Catch::Contains("x.dot") && Catch::Contains("node 'gpu'") && Catch::Contains("no GPU"));
  CHECK_THAT(refusal(dot(" kafka [kind=broker, type=kafka];\n")),
             Catch::Contains("node 'kafka'") && Catch::Contains("real Redis only"));
  CHECK_THAT(refusal(dot("", "model=mobilenetv2, precision=fp16")),
             Catch::Contains("node 'infer'") && Catch::Contains("fp32 only"));
  CHECK_THAT(refusal(dot("", "model=mobilenetv2", "normalize -> resize")),
             Catch::Contains("node 'infer'") && Catch::Contains("fixed input size"));
}
