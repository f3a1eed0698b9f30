// tierlens — the evaluation's entry points behind Workspace (internal header).
#pragma once
#include <optional>
#include <vector>

#include "result.hpp"
#include "rules/rules.hpp"
#include "workspace.hpp"

namespace tl {

class Store;
struct FileSlot;

Result evaluate_store(const Store& s, const RuleSet& rules, const EvalOptions& opt);    // evaluate.cpp
std::vector<int> data_months(const Store& s);                                             // window.cpp
std::optional<Window> default_window_of(const Store& s, const RuleSet& rules, bool* last_month_incomplete,
                                        std::optional<int>* in_progress = nullptr);
void decide_tiers(Result& r);     // tiers.cpp: every tier's conditions, the tier earned, the next tier's gap
void rank_providers(Result& r);   // tier high first, then paid orders, then id
// eligibility.cpp: each provider's eligibility for the window's grade month, from the live providers files
// (opening order; the earliest date of a provider listed twice; a date in a later file that differs is said on it)
void check_eligibility(Result& r, const std::vector<const FileSlot*>& live);

}  // namespace tl
