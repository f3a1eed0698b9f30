// tierlens — report sections the JSON writer shares with report/plan.cpp (internal header).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "result.hpp"

namespace tl::report {

// A number as the report writes it: an integer when whole, else rounded to 2 decimals (json.cpp).
nlohmann::ordered_json number_json(double v);
// The report's "plan" (Result::plan; only: one provider's id) and "comparison" (Result::comparison).
nlohmann::ordered_json plan_dom(const Result& r, const std::string* only = nullptr);
nlohmann::ordered_json comparison_dom(const Result& r);

}  // namespace tl::report
