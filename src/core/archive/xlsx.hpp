// tierlens — Excel workbooks (.xlsx, Office Open XML): each sheet as CSV text, streamed.
//
//   Workbook wb;
//   if (wb.open(src, problem)) for (size_t i = 0; i < wb.sheets().size(); ++i) { auto s = wb.csv(i); s->read(…); }
//
// The workbook's parts are found through its relationships (_rels/.rels -> workbook -> sheets, shared
// strings, styles), not by fixed names. Cells become CSV fields (UTF-8, ',' separated, quoted when they
// must be): shared and inline strings as written (so an 18-digit id typed as text stays exact), numbers
// as Excel stored them, booleans TRUE/FALSE, and numbers in a date or time format as
// "YYYY-MM-DD[ HH:MM:SS]" in the workbook's 1900 or 1904 date system. Each sheet row is one CSV line:
// missing rows become empty lines, so the engine's line numbers are the sheet's row numbers.
// Memory: the shared strings (a workbook's distinct texts) and one row; a sheet streams from its entry.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "archive/zip.hpp"

namespace tl::archive {

class Workbook {
 public:
  struct Sheet {
    std::string name;
    bool hidden = false;
    size_t entry = SIZE_MAX;   // into entries(); SIZE_MAX when the workbook names a part it does not hold
  };
  // Reads the directory, the workbook, its relationships, styles and shared strings. False with a
  // problem code: "not_workbook" (a ZIP without a workbook), "xml", or a ZIP/entry problem code.
  bool open(Source& src, std::string& problem);
  const std::vector<Sheet>& sheets() const { return sheets_; }
  bool date1904() const { return date1904_; }
  // Sheet i as CSV text.
  std::unique_ptr<Stream> csv(size_t i);
  // The first non-empty row of sheet i, as cells (for telling which sheets hold data).
  std::vector<std::string> first_row(size_t i);
  // Is a ZIP's directory that of a workbook (it holds xl/workbook.xml or a root relationship to one)?
  static bool is_workbook(const std::vector<ZipEntry>& entries);

 private:
  friend class SheetCsv;
  Source* src_ = nullptr;
  std::vector<ZipEntry> entries_;
  std::unordered_map<std::string, size_t> by_name_;
  std::vector<Sheet> sheets_;
  std::vector<std::string> strings_;       // shared strings
  std::vector<uint8_t> date_style_;        // per cell style (cellXfs index): 0 no, 1 date, 2 date and time
  bool date1904_ = false;
};

// Excel's serial day number (with its fraction of a day) as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS".
std::string excel_date(double serial, bool date1904, bool with_time);
// Is an Excel number format (built-in id, or its code for custom ones) a date or time format?
bool is_date_format(int id, const std::string& code);

}  // namespace tl::archive
