// SPDX-License-Identifier: Apache-2.0
#include "sim/topology/topology_parser.hpp"

#include "tests/sim/serving_fixtures.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace servesim::sim;

namespace {
const char* const kGood = R"(digraph g {
  cpu [kind=cpu, cores=4];
  gpu [kind=gpu, device=testgpu, count=2, route=jsq];
  pcie [kind=link, per=gpu, gbytes_per_s=25, latency_us=5];
  decode [kind=stage, op=jpeg_decode, on=cpu];
  resize [kind=stage, op=resize, on=cpu, out_px="224x224", variant=area];
  h2d [kind=stage, op=h2d, on=pcie];
  infer [kind=stage, op=infer, model=tinynet, on=gpu, max_batch=8, preferred_batch="4;8", max_delay_us=250, instances=2];
  decode -> resize -> h2d -> infer;
})";

std::string with(const std::string& from, const std::string& to) {
  std::string text = kGood;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

void check_rejected(const std::string& dot, const std::string& expected) {
  INFO(dot);
  CHECK_THROWS_WITH(parse_topology(dot, "bad.dot"),
                    Catch::StartsWith("bad.dot") && Catch::Contains(expected));
}
}  // namespace

TEST_CASE("a topology is read with its stages in edge order", "[unit]") {
  const Topology t = parse_topology(kGood, "dir/good.dot");
  CHECK(t.name == "good");
  REQUIRE(t.stages.size() == 4);
  CHECK(t.stages[0].name == "decode");
  CHECK(t.stages[3].op == StageOp::kInfer);
  CHECK(t.stages[3].batching.max_batch == 8);
  CHECK(t.stages[3].batching.preferred_batch == std::vector<int>{4, 8});
  CHECK(t.stages[3].batching.max_delay_ns == 250'000);
  CHECK(t.stages[1].out_width_px == 224);
  CHECK(t.stages[1].variant == "area");
  CHECK(t.resource("gpu").count == 2);
  CHECK(t.resource("gpu").route == RoutePolicy::kJoinShortestQueue);
  CHECK(t.resource("pcie").per_gpu);
  CHECK(t.servers.count == 1);
}

TEST_CASE("every defect is rejected with file, node, attribute and reason", "[unit]") {
  check_rejected(with("decode -> resize", "infer -> decode -> resize"), "cycle");
  check_rejected(with("decode -> resize -> h2d -> infer;", "decode -> resize -> h2d;"),
                 "node 'infer': stage is unreachable");
  check_rejected(with("kind=cpu", "kind=tpu"), "node 'cpu': attribute 'kind': unknown kind 'tpu'");
  check_rejected(with("op=jpeg_decode", "op=jpeg_dekode"),
                 "node 'decode': attribute 'op': unknown op 'jpeg_dekode'");
  check_rejected(with("on=cpu];\n  resize", "on=cpu2];\n  resize"),
                 "node 'decode': attribute 'on': no resource 'cpu2'");
  check_rejected(with("cores=4", "threads=4"), "attribute 'threads': not an attribute of kind=cpu");
  check_rejected(with("cores=4", "cores=four"), "attribute 'cores': 'four' is not a whole number");
  check_rejected(with("cores=4", "cores=0"), "attribute 'cores': 0 is out of range");
  check_rejected(with("model=tinynet, ", ""),
                 "node 'infer': attribute 'model': missing (required)");
  check_rejected(with("out_px=\"224x224\"", "out_px=\"224by224\""),
                 "'224by224' is not WIDTHxHEIGHT");
  check_rejected(with("op=h2d, on=pcie", "op=h2d, on=cpu"), "op h2d runs on a link");
  check_rejected(with("preferred_batch=\"4;8\"", "preferred_batch=\"4;16\""),
                 "attribute 'preferred_batch'");
  check_rejected(with("gbytes_per_s=25, ", ""), "attribute 'gbytes_per_s': missing (required)");
  check_rejected(with("digraph g {", "digraph g { {"), "DOT syntax error");
  check_rejected(with("resize -> h2d", "resize -> h2d; resize -> infer"), "has two next stages");
  check_rejected(with("decode -> resize", "cpu -> decode -> resize"), "edges join stages only");
}

TEST_CASE("attribute overrides (set) apply and name unknown nodes", "[unit]") {
  const Topology t = parse_topology(
      kGood, "good.dot",
      {AttributeOverride::parse("cpu.cores=16"), AttributeOverride::parse("infer.max_batch=16")});
  CHECK(t.resource("cpu").cores == 16);
  CHECK(t.stages[3].batching.max_batch == 16);
  CHECK_THROWS_WITH(parse_topology(kGood, "good.dot", {AttributeOverride::parse("cpux.cores=2")}),
                    Catch::Contains("no node 'cpux'"));
  CHECK_THROWS_WITH(AttributeOverride::parse("cores=2"), Catch::Contains("node.attribute=value"));
}

TEST_CASE("a nic's shared network noise needs measured times and a share below one", "[unit]") {
  const auto with = [](const std::string& set) {
    return parse_topology(servesim::test::kDecodeOnlyServer, "d.dot",
                          {AttributeOverride::parse(set)});
  };
  const auto nic = [&with](std::vector<std::string> sets) {
    std::vector<AttributeOverride> overrides;
    for (const std::string& s : sets) overrides.push_back(AttributeOverride::parse(s));
    return parse_topology(servesim::test::kDecodeOnlyServer, "d.dot", overrides).resource("nic");
  };
  CHECK(with("nic.device=local").resource("nic").noise_share == 0);  // independent by default
  const ResourceSpec shared =
      nic({"nic.device=local", "nic.noise_share=0.9", "nic.noise_slot_us=500"});
  CHECK(shared.noise_share == 0.9);
  CHECK(shared.noise_slot_ns == 500'000);
  CHECK(nic({"nic.device=local", "nic.noise_share=0.5"}).noise_slot_ns == 1'000'000);
  CHECK_THROWS_WITH(with("nic.noise_share=0.9"),
                    Catch::Contains("noise_share") && Catch::Contains("needs device"));
  CHECK_THROWS_WITH(nic({"nic.device=local", "nic.noise_share=1"}),
                    Catch::Contains("noise_share") && Catch::Contains("out of range [0, 1)"));
  CHECK_THROWS_WITH(nic({"nic.device=local", "nic.noise_slot_us=0"}),
                    Catch::Contains("noise_slot_us"));
}

TEST_CASE("every shipped topology parses and renders", "[unit]") {
  int count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SERVESIM_SOURCE_DIR) + "/topologies")) {
    if (entry.path().extension() != ".dot") continue;
    INFO(entry.path());
    const Topology t = read_topology(entry.path().string());
    CHECK_FALSE(t.stages.empty());
    ++count;
  }
  CHECK(count >= 4);
  CHECK_THROWS_WITH(read_topology("/no/such/file.dot"), Catch::Contains("/no/such/file.dot"));
}
