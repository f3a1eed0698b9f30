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
// The report's "projection" (Result::projection; projection.cpp).
nlohmann::ordered_json projection_dom(const Result& r);

// The plan's sentences (plan.cpp), shared by plan_text and the HTML report (html.cpp):
// "9 more paid orders (now 31, bar >= 40)" — a failing condition with its value and bar;
std::string condition_gap(const ConditionResult& c, Lang lang);
// " — 2 orders: one each from 2 of the 4 bound merchants that have not sold yet" — what an `any` alternative takes;
std::string alternative_cost(const ProviderPlan::Alternative& a, const ProviderPlan& pp, Lang lang);
// "Jun 2024 grade in progress: 18 paid orders so far, 22 to go: 2 a day over the 21 days left" ("" without a pace);
std::string pace_sentence(const Result& r, const ProviderPlan& pp, Lang lang);
// "Grade in progress: Jun 2024 grade · Mar–May, data through 2024-05-10, 21 days left in May 2024" ("" without one).
std::string pace_header(const Result& r, Lang lang);

}  // namespace tl::report
