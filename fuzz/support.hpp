// tierlens fuzzing — checks whose own code is not the subject (parsing the JSON a target wrote), built
// without coverage instrumentation so that the fuzzer's attention stays on the engine.
#pragma once
#include <cstdint>
#include <string>

namespace tlfuzz {

// The report is valid JSON (hence valid UTF-8) and, in its data_quality, rows_read equals rows_counted
// plus every not-counted reason. False with what is wrong in `error`.
bool report_holds_together(const std::string& json, std::string& error);
// Any JSON text: well-formed (valid UTF-8 included)?
bool valid_json(const std::string& text, std::string& error);
// rules_to_json(parse_rules_dom(parsed `canonical`)): the page's path from a document it holds.
std::string rules_through_dom(const std::string& canonical);

}  // namespace tlfuzz
