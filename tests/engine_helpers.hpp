// Test helpers: load in-memory CSV text into a Workspace (optionally in small chunks) and evaluate.
#pragma once
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "report/report.hpp"
#include "workspace.hpp"

namespace tltest {

// The bytes of tests/fixtures/<path> (throws when it cannot be opened).
inline std::string fixture_bytes(const std::string& path) {
  std::ifstream f(std::string(TIERLENS_SOURCE_DIR) + "/tests/fixtures/" + path, std::ios::binary);
  if (!f) throw std::runtime_error("no fixture " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline int load(tl::Workspace& ws, const std::string& name, const std::string& text, tl::FileKind kind = tl::FileKind::Unknown,
                size_t chunk = 0) {
  tl::FileOptions o;
  o.kind = kind;
  int id = ws.open(name, o);
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  if (chunk == 0) chunk = text.size() ? text.size() : 1;
  for (size_t i = 0; i < text.size(); i += chunk) ws.feed(id, p + i, std::min(chunk, text.size() - i));
  ws.close(id);
  return id;
}

inline nlohmann::json eval(const tl::Workspace& ws, const tl::RuleSet& rules = tl::default_rules(), const std::string& window = "") {
  tl::EvalOptions o;
  if (!window.empty()) o.window = tl::parse_window(window);
  return nlohmann::json::parse(tl::report::json(ws.evaluate(rules, o)));
}

inline const nlohmann::json& provider(const nlohmann::json& report, const std::string& id) {
  for (const auto& p : report["providers"])
    if (p["id"] == id) return p;
  throw std::runtime_error("no provider " + id);
}

inline uint64_t nc(const nlohmann::json& report, const std::string& reason) {
  const auto& m = report["data_quality"]["not_counted"];
  return m.contains(reason) ? m[reason].get<uint64_t>() : 0;
}

// rows_read == rows_counted + every not-counted reason: nothing is dropped silently
inline bool balanced(const nlohmann::json& report) {
  uint64_t sum = report["data_quality"]["rows_counted"].get<uint64_t>();
  for (auto& [k, v] : report["data_quality"]["not_counted"].items()) sum += v.get<uint64_t>();
  return sum == report["data_quality"]["rows_read"].get<uint64_t>();
}

// The report of a Result, parsed.
inline nlohmann::json report_of(const tl::Result& r) { return nlohmann::json::parse(tl::report::json(r)); }

// A message as the English reader sees it.
inline std::string text_of(const std::optional<tl::Message>& m) { return m ? tl::render(*m, tl::Lang::En) : std::string(); }

// A small rule set with bars that fit hand-written test data.
inline tl::RuleSet small_rules(int64_t orders_bar = 5, int64_t active_bar = 3, int64_t qualified_bar = 1) {
  tl::RuleSet r = tl::default_rules();
  r.tiers[1].all = {{tl::Metric::PaidOrders, tl::Op::Ge, static_cast<double>(orders_bar)}};
  r.tiers[1].any = {{tl::Metric::ActiveMerchants, tl::Op::Ge, static_cast<double>(active_bar)},
                    {tl::Metric::QualifiedMerchants, tl::Op::Ge, static_cast<double>(qualified_bar)}};
  return r;
}

}  // namespace tltest
