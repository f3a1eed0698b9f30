// tierlens — .xlsx sheets as CSV (xlsx.hpp).
//
// [SECTION] dates and number formats
// [SECTION] parts and relationships
// [SECTION] opening a workbook: workbook, styles, shared strings
// [SECTION] a sheet as CSV
#include "archive/xlsx.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "archive/xml.hpp"

namespace tl::archive {

// [SECTION] dates and number formats -------------------------------------------------------------

std::string excel_date(double serial, bool date1904, bool with_time) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.0) return {};   // beyond 9999-12-31
  int64_t days = static_cast<int64_t>(std::floor(serial));
  int64_t secs = std::llround((serial - static_cast<double>(days)) * 86400.0);
  if (secs >= 86400) { ++days; secs -= 86400; }
  // days since 1970-01-01: the 1900 system counts from 1899-12-30 (its fictitious 1900-02-29 only moves
  // dates before March 1900), the 1904 system from 1904-01-01
  int64_t z = days + (date1904 ? 1462 - 25569 : -25569) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2);
  std::string out;   // YYYY-MM-DD[ HH:MM:SS] (y is 1899..9999 here)
  auto two = [&out](int64_t v) { out += static_cast<char>('0' + v / 10); out += static_cast<char>('0' + v % 10); };
  two(y / 100);
  two(y % 100);
  out += '-';
  two(m);
  out += '-';
  two(d);
  if (with_time || secs) {
    out += ' ';
    two(secs / 3600);
    out += ':';
    two(secs / 60 % 60);
    out += ':';
    two(secs % 60);
  }
  return out;
}

bool is_date_format(int id, const std::string& code) {
  // built-in: 14-22 dates and times; 27-36 and 50-58 the East Asian date formats (yyyy"年"m"月" …); 45-47 times
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  if (id < 164 && code.empty()) return false;
  // a custom code: a date/time letter outside quoted text, [colour]/[$-locale] sections and escapes
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') { const size_t e = code.find('"', i + 1); if (e == std::string::npos) return false; i = e; continue; }
    if (c == '\\' || c == '_' || c == '*') { ++i; continue; }
    if (c == '[') {
      const size_t e = code.find(']', i + 1);
      if (e == std::string::npos) return false;
      const std::string in = code.substr(i + 1, e - i - 1);
      if (in == "h" || in == "hh" || in == "m" || in == "mm" || in == "s" || in == "ss") return true;   // elapsed time
      i = e;
      continue;
    }
    if (c == ';') return false;   // only the first section decides
    const char l = static_cast<char>(c | 0x20);
    if (l == 'y' || l == 'd' || l == 'h' || l == 's' || l == 'm') return true;
  }
  return false;
}

namespace {

bool has_time(const std::string& code, int id) {
  if ((id >= 18 && id <= 22) || (id >= 45 && id <= 47) || id == 32 || id == 33 || id == 34 || id == 35) return true;
  for (char c : code)
    if ((c | 0x20) == 'h' || (c | 0x20) == 's') return true;
  return false;
}

// Excel escapes control characters in strings as _xHHHH_ (ST_Xstring).
void unescape_x(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::all_of(s.begin() + static_cast<long>(i) + 2, s.begin() + static_cast<long>(i) + 6, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
      const unsigned cp = static_cast<unsigned>(std::strtoul(s.substr(i + 2, 4).c_str(), nullptr, 16));
      if (cp < 0x80) out += static_cast<char>(cp);
      else xml_unescape("&#" + std::to_string(cp) + ";", out);
      i += 6;
    } else {
      out += s[i];
    }
  }
  s.swap(out);
}

// [SECTION] parts and relationships --------------------------------------------------------------

std::string dir_of(const std::string& part) {
  const size_t s = part.rfind('/');
  return s == std::string::npos ? std::string() : part.substr(0, s + 1);
}

std::string resolve(const std::string& base_dir, const std::string& target) {
  std::string path = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  size_t b = 0;
  for (;;) {
    const size_t e = path.find('/', b);
    const std::string seg = path.substr(b, e == std::string::npos ? std::string::npos : e - b);
    if (seg == "..") { if (!parts.empty()) parts.pop_back(); }
    else if (!seg.empty() && seg != ".") parts.push_back(seg);
    if (e == std::string::npos) break;
    b = e + 1;
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out;
}

std::string rels_of(const std::string& part) {
  const size_t s = part.rfind('/');
  return s == std::string::npos ? "_rels/" + part + ".rels" : part.substr(0, s) + "/_rels/" + part.substr(s + 1) + ".rels";
}

std::string lower(std::string s) {
  for (char& c : s) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct Rel {
  std::string id, type, target;   // type: the last segment of the relationship type URI
};

}  // namespace

bool Workbook::is_workbook(const std::vector<ZipEntry>& entries) {
  for (const ZipEntry& e : entries)
    if (lower(e.name) == "xl/workbook.xml" || lower(e.name) == "[content_types].xml") return true;
  return false;
}

// [SECTION] opening a workbook: workbook, styles, shared strings ---------------------------------

namespace {

// Runs fn(reader, event) over every event of a part; false with a problem code when it cannot be read.
template <class Fn>
bool each_event(Source& src, const ZipEntry& e, std::string& problem, Fn&& fn) {
  auto s = open_entry(src, e);
  XmlReader x(*s);
  for (;;) {
    const XmlReader::Event ev = x.next();
    if (ev == XmlReader::Eof) break;
    if (ev == XmlReader::Error) { problem = s->failed() ? s->problem() : "xml"; return false; }
    fn(x, ev);
  }
  if (s->failed()) { problem = s->problem(); return false; }
  return true;
}

}  // namespace

bool Workbook::open(Source& src, std::string& problem) {
  src_ = &src;
  if (!read_directory(src, entries_, problem)) return false;
  for (size_t i = 0; i < entries_.size(); ++i) by_name_.emplace(lower(entries_[i].name), i);
  auto find = [this](const std::string& part) -> const ZipEntry* {
    auto it = by_name_.find(lower(part));
    return it == by_name_.end() ? nullptr : &entries_[it->second];
  };
  auto read_rels = [&](const std::string& part, std::vector<Rel>& out) {
    const ZipEntry* e = find(rels_of(part));
    if (!e) return true;
    return each_event(src, *e, problem, [&](XmlReader& x, XmlReader::Event ev) {
      if (ev != XmlReader::Start || x.name() != "Relationship") return;
      std::string type(x.attr("Type"));
      type = type.substr(type.rfind('/') + 1);
      out.push_back({std::string(x.attr("Id")), type, resolve(dir_of(part), std::string(x.attr("Target")))});
    });
  };
  // the workbook part: the package's officeDocument relationship, else the usual name
  std::vector<Rel> root;
  if (!read_rels("", root)) return false;
  std::string wb_part = "xl/workbook.xml";
  for (const Rel& r : root)
    if (r.type == "officeDocument") wb_part = r.target;
  const ZipEntry* wb = find(wb_part);
  if (!wb) { problem = "not_workbook"; return false; }
  std::vector<Rel> rels;
  if (!read_rels(wb_part, rels)) return false;
  auto target = [&](const std::string& id) -> std::string {
    for (const Rel& r : rels) if (r.id == id) return r.target;
    return {};
  };
  std::string styles_part, strings_part;
  for (const Rel& r : rels) {
    if (r.type == "styles") styles_part = r.target;
    if (r.type == "sharedStrings") strings_part = r.target;
  }
  if (styles_part.empty() && find(dir_of(wb_part) + "styles.xml")) styles_part = dir_of(wb_part) + "styles.xml";
  if (strings_part.empty() && find(dir_of(wb_part) + "sharedStrings.xml")) strings_part = dir_of(wb_part) + "sharedStrings.xml";

  bool ok = each_event(src, *wb, problem, [&](XmlReader& x, XmlReader::Event ev) {
    if (ev != XmlReader::Start) return;
    if (x.name() == "workbookPr") date1904_ = x.attr("date1904") == "1" || x.attr("date1904") == "true";
    if (x.name() != "sheet") return;
    Sheet s;
    s.name = std::string(x.attr("name"));
    s.hidden = !x.attr("state").empty() && x.attr("state") != "visible";
    std::string part = target(std::string(x.attr("id")));
    if (part.empty()) part = dir_of(wb_part) + "worksheets/sheet" + std::string(x.attr("sheetId")) + ".xml";
    auto it = by_name_.find(lower(part));
    if (it != by_name_.end()) s.entry = it->second;
    sheets_.push_back(std::move(s));
  });
  if (!ok) return false;

  if (const ZipEntry* st = styles_part.empty() ? nullptr : find(styles_part)) {
    std::unordered_map<int, std::string> custom;
    bool in_xfs = false;
    std::vector<int> xf_fmt;
    ok = each_event(src, *st, problem, [&](XmlReader& x, XmlReader::Event ev) {
      if (ev == XmlReader::Start && x.name() == "numFmt")
        custom[std::atoi(std::string(x.attr("numFmtId")).c_str())] = std::string(x.attr("formatCode"));
      else if (ev == XmlReader::Start && x.name() == "cellXfs") in_xfs = true;
      else if (ev == XmlReader::End && x.name() == "cellXfs") in_xfs = false;
      else if (ev == XmlReader::Start && in_xfs && x.name() == "xf") xf_fmt.push_back(std::atoi(std::string(x.attr("numFmtId")).c_str()));
    });
    if (!ok) return false;
    for (int id : xf_fmt) {
      auto it = custom.find(id);
      const std::string code = it == custom.end() ? std::string() : it->second;
      date_style_.push_back(is_date_format(id, code) ? (has_time(code, id) ? 2 : 1) : 0);
    }
  }

  if (const ZipEntry* ss = strings_part.empty() ? nullptr : find(strings_part)) {
    bool in_si = false, in_t = false;
    int in_rph = 0;
    std::string cur;
    ok = each_event(src, *ss, problem, [&](XmlReader& x, XmlReader::Event ev) {
      if (ev == XmlReader::Text) { if (in_t && !in_rph) cur += x.text(); return; }
      const bool start = ev == XmlReader::Start;
      if (x.name() == "si") {
        if (start) { in_si = true; cur.clear(); }
        else { in_si = false; unescape_x(cur); strings_.push_back(std::move(cur)); cur.clear(); }
      } else if (x.name() == "t") in_t = start && in_si;
      else if (x.name() == "rPh") in_rph += start ? 1 : -1;
    });
    if (!ok) return false;
  }
  return true;
}

// [SECTION] a sheet as CSV -----------------------------------------------------------------------

class SheetCsv final : public Stream {
 public:
  SheetCsv(Workbook& wb, size_t sheet) : wb_(wb) {
    const Workbook::Sheet& s = wb.sheets_[sheet];
    if (s.entry == SIZE_MAX) { problem_ = "not_workbook"; return; }
    entry_ = open_entry(*wb.src_, wb.entries_[s.entry]);
    x_ = std::make_unique<XmlReader>(*entry_);
  }

  size_t read(uint8_t* out, size_t cap) override {
    while (out_.size() - out_pos_ < cap && !done_ && !failed()) {
      if (out_pos_ > (1u << 20)) { out_.erase(0, out_pos_); out_pos_ = 0; }
      if (next_row()) write_row();
    }
    if (failed()) return 0;
    const size_t n = std::min(cap, out_.size() - out_pos_);
    std::copy_n(out_.data() + out_pos_, n, out);
    out_pos_ += n;
    return n;
  }

  // The next row's cells (false at the end of the sheet or on an error). The strings of cells_ are kept
  // from row to row (ncells_ of them in use), so a row allocates nothing once they have grown.
  bool next_row() {
    ncells_ = 0;
    bool in_row = false, in_cell = false, in_v = false, in_is = false, in_t = false;
    int in_rph = 0;
    uint32_t col = 0, cursor = 0;
    int style = -1;
    std::string& type = type_;
    std::string& value = value_;
    for (;;) {
      const XmlReader::Event ev = x_->next();
      if (ev == XmlReader::Eof) {   // a sheet ends after its </sheetData>: one that stops before was cut short
        done_ = true;
        problem_ = "xml";
        return false;
      }
      if (ev == XmlReader::Error) { problem_ = entry_->failed() ? entry_->problem() : "xml"; return false; }
      const std::string_view n = x_->name();
      if (ev == XmlReader::Text) {
        if ((in_v || (in_t && !in_rph)) && in_cell) value += x_->text();
        continue;
      }
      const bool start = ev == XmlReader::Start;
      if (n == "row") {
        if (start) {
          in_row = true;
          const uint64_t r = whole(x_->attr("r"));
          row_ = r > 0 ? r : last_row_ + 1;
        } else if (in_row) {
          last_row_ = row_;
          return true;
        }
      } else if (n == "c" && in_row) {
        if (start) {
          in_cell = true;
          col = column_of(x_->attr("r"), cursor);
          const std::string_view s = x_->attr("s");
          style = s.empty() ? -1 : static_cast<int>(std::min<uint64_t>(whole(s), 1u << 30));
          type.assign(x_->attr("t"));
          value.clear();
        } else if (in_cell) {
          in_cell = false;
          cursor = col + 1;
          if (col < kMaxColumns) {
            if (cells_.size() <= col) cells_.resize(col + 1);
            for (; ncells_ <= col; ++ncells_) cells_[ncells_].clear();
            cell_text(type, value, style, cells_[col]);
          }
        }
      } else if (n == "v") in_v = start;
      else if (n == "is") in_is = start;
      else if (n == "t") in_t = start && in_is;
      else if (n == "rPh") in_rph += start ? 1 : -1;
      else if (n == "sheetData" && !start) { done_ = true; return false; }
    }
  }
  std::vector<std::string> cells() const { return {cells_.begin(), cells_.begin() + static_cast<long>(ncells_)}; }

 private:
  static constexpr uint32_t kMaxColumns = 16384;            // XFD, Excel's last column
  static constexpr uint64_t kMaxGapLines = 1u << 20;        // empty lines written for missing rows, in all

  static uint64_t whole(std::string_view s) {   // leading digits; 0 when none
    uint64_t v = 0;
    for (size_t i = 0; i < s.size() && s[i] >= '0' && s[i] <= '9' && v < (1ull << 40); ++i) v = v * 10 + static_cast<uint64_t>(s[i] - '0');
    return v;
  }

  static uint32_t column_of(std::string_view ref, uint32_t cursor) {
    uint32_t c = 0;
    size_t i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && c <= kMaxColumns; ++i) c = c * 26 + static_cast<uint32_t>(ref[i] - 'A' + 1);
    return i == 0 ? cursor : c - 1;
  }

  void cell_text(const std::string& type, std::string& v, int style, std::string& out) const {
    if (type == "s") {
      const uint64_t k = whole(v);
      if (!v.empty() && v[0] >= '0' && v[0] <= '9' && k < wb_.strings_.size()) out = wb_.strings_[k];
      return;
    }
    if (type == "inlineStr" || type == "str") { unescape_x(v); out = v; return; }
    if (type == "b") { out = v == "1" ? "TRUE" : v == "0" ? "FALSE" : v; return; }
    if (type == "d") {   // ISO 8601 date cell
      out = v;
      std::replace(out.begin(), out.end(), 'T', ' ');
      if (!out.empty() && out.back() == 'Z') out.pop_back();
      return;
    }
    if (type != "e" && style >= 0 && static_cast<size_t>(style) < wb_.date_style_.size() && wb_.date_style_[style] && !v.empty()) {
      char* end = nullptr;
      const double serial = std::strtod(v.c_str(), &end);
      if (end && *end == 0) {
        std::string d = excel_date(serial, wb_.date1904_, wb_.date_style_[style] == 2);
        if (!d.empty()) { out = std::move(d); return; }
      }
    }
    out = v;
  }

  void write_row() {
    while (next_line_ < row_ && gap_lines_ < kMaxGapLines) { out_ += '\n'; ++next_line_; ++gap_lines_; }
    next_line_ = row_ + 1;
    for (size_t i = 0; i < ncells_; ++i) {
      if (i) out_ += ',';
      const std::string& c = cells_[i];
      bool quote = !c.empty() && (c.front() == ' ' || c.back() == ' ');
      for (size_t k = 0; k < c.size() && !quote; ++k) quote = c[k] == ',' || c[k] == '"' || c[k] == '\r' || c[k] == '\n';
      if (!quote) { out_ += c; continue; }
      out_ += '"';
      for (char ch : c) { if (ch == '"') out_ += '"'; out_ += ch; }
      out_ += '"';
    }
    out_ += '\n';
  }

  Workbook& wb_;
  std::unique_ptr<Stream> entry_;
  std::unique_ptr<XmlReader> x_;
  std::vector<std::string> cells_;
  size_t ncells_ = 0;
  std::string type_, value_;   // of the cell being read (members: their capacity is kept)
  std::string out_;
  size_t out_pos_ = 0;
  uint64_t row_ = 0, last_row_ = 0, next_line_ = 1, gap_lines_ = 0;
  bool done_ = false;
};

std::unique_ptr<Stream> Workbook::csv(size_t i) { return std::make_unique<SheetCsv>(*this, i); }

std::vector<std::string> Workbook::first_row(size_t i) {
  SheetCsv s(*this, i);
  if (s.failed()) return {};
  while (s.next_row())
    for (const std::string& c : s.cells())
      if (!c.empty()) return s.cells();
  return {};
}

}  // namespace tl::archive
