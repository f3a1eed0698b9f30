#include "support.hpp"

#include <nlohmann/json.hpp>

#include "rules/rules.hpp"

namespace tlfuzz {

bool valid_json(const std::string& text, std::string& error) {
  try {
    (void)nlohmann::json::parse(text);
    return true;
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
}

bool report_holds_together(const std::string& json, std::string& error) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const std::exception& e) {
    error = std::string("the report is not valid JSON: ") + e.what();
    return false;
  }
  const auto& dq = j.at("data_quality");
  uint64_t sum = dq.at("rows_counted").get<uint64_t>();
  for (const auto& [k, v] : dq.at("not_counted").items()) sum += v.get<uint64_t>();
  if (sum != dq.at("rows_read").get<uint64_t>()) {
    error = "rows read != rows counted + rows not counted: " + dq.dump();
    return false;
  }
  return true;
}

std::string rules_through_dom(const std::string& canonical) {
  return tl::rules_to_json(tl::parse_rules_dom(nlohmann::ordered_json::parse(canonical)));
}

}  // namespace tlfuzz
