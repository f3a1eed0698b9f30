// tierlens — the message catalog's texts (catalog.hpp explains the scheme).
//
// [SECTION] languages
// [SECTION] reasons      code, label and one-line explanation per language
// [SECTION] messages     what happened, and the fix on the command line and in the page
// [SECTION] labels       fields, kinds, metrics
// [SECTION] rendering
#include "messages/catalog.hpp"

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace tl {

// [SECTION] languages ----------------------------------------------------------------------------

const char* lang_code(Lang l) { return l == Lang::Zh ? "zh" : "en"; }

std::optional<Lang> parse_lang(std::string_view s) {
  auto lower2 = [&](size_t i) { return static_cast<char>(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]); };
  if (s.size() >= 2 && lower2(0) == 'z' && lower2(1) == 'h' && (s.size() == 2 || !std::isalpha(static_cast<unsigned char>(s[2]))))
    return Lang::Zh;
  if (s.size() >= 2 && lower2(0) == 'e' && lower2(1) == 'n' && (s.size() == 2 || !std::isalpha(static_cast<unsigned char>(s[2]))))
    return Lang::En;
  if (s == "C" || s == "POSIX" || s.rfind("C.", 0) == 0) return Lang::En;
  return std::nullopt;
}

// [SECTION] reasons ------------------------------------------------------------------------------

namespace {

struct ReasonText {
  const char *zh, *en, *about_zh, *about_en;
};

// In TL_REASONS order.
const ReasonText kReasonText[] = {
    {"缺少订单编号", "Missing order id",
     "这一行既没有主订单编号也没有子订单编号，无法去重计数；请检查订单编号列是否选对。",
     "The row has neither a main order id nor an order id, so it cannot be counted once; check the order id column."},
    {"编号已成科学计数法", "Id in scientific notation",
     "编号已被 Excel 变成科学计数法（如 1.23457E+18），原始数字无法恢复：请从后台重新导出，不要用 Excel 另存。",
     "Excel already turned the id into scientific notation (e.g. 1.23457E+18); the digits are lost: export again and do not re-save in Excel."},
    {"缺少店铺ID", "Missing shop id",
     "这一行没有店铺（商家）ID，无法归属到商家；请检查店铺ID列是否选对。",
     "The row has no shop (merchant) id, so it belongs to no merchant; check the shop id column."},
    {"缺少支付时间（未支付）", "Missing pay time (not paid)",
     "没有支付时间的订单视为未支付，不计入。",
     "An order without a pay time is taken as not paid and is not counted."},
    {"支付时间无法识别", "Pay time not understood",
     "支付时间不是可识别的日期时间（如 2023-06-01 12:00:00）；请检查支付时间列是否选对。",
     "The pay time is not a date-time we understand (e.g. 2023-06-01 12:00:00); check the pay-time column."},
    {"订单状态为未支付", "Status is unpaid",
     "订单状态在规则的排除列表中（如 未支付、待付款）；可在「规则」中修改排除的状态。",
     "The order status is in the rule's excluded list (e.g. 未支付, 待付款); the list can be edited in the rules."},
    {"支付时间不在评估周期内", "Paid outside the period",
     "支付时间不在所选评估周期内；换一个周期即可计入。",
     "Paid outside the chosen evaluation period; choose another period to count it."},
    {"店铺不在绑定商家文件中", "Shop not in the bindings file",
     "有绑定商家文件时，只计入其中商家的订单；若该店铺应绑定，请补充绑定关系。",
     "With a bindings file, only orders of its merchants count; add the binding if this shop should be counted."},
    {"支付时店铺未绑定该服务商", "Shop not bound at pay time",
     "订单支付时（月度统计：该月内）店铺不在任何绑定期内（绑定开始 ≤ 支付时间 < 绑定结束）。",
     "At pay time (monthly stats: during the month) the shop was in no binding period (bind start <= pay time < bind end)."},
    {"缺少服务商ID", "Missing provider id",
     "这一行的服务商ID为空：订单（或月度统计）无法归属到服务商，绑定关系无法使用。",
     "The row's provider id is empty: an order (or monthly-stats row) belongs to no provider, a binding cannot be used."},
    {"同一主订单的其他子订单行（只计一次）", "Another row of a counted main order (counted once)",
     "同一主订单的多个子订单行只计一笔订单。",
     "Several sub-order rows of one main order count as one order."},
    {"月份无法识别", "Month not understood",
     "月度统计中的月份无法识别（应为 2023-06、202306 或 2023年6月）。",
     "The month of a monthly-stats row is not understood (expected 2023-06, 202306 or 2023年6月)."},
    {"订单量不是整数", "Order count is not a whole number",
     "月度统计中的订单量不是非负整数。",
     "The order count of a monthly-stats row is not a non-negative whole number."},
    {"已有订单明细，月度统计不再重复计算", "Superseded by order rows",
     "同一商家同一月份已有订单明细，月度统计行不再重复计入。",
     "Order rows exist for this merchant and month, so the monthly-stats row is not counted again."},
    {"绑定开始时间无法识别", "Bind start not understood",
     "绑定开始时间不是可识别的日期时间（为空表示一直绑定）；这条绑定关系未使用。",
     "The bind start is not a date-time we understand (empty means bound from the start); this binding was not used."},
    {"绑定结束时间无法识别", "Bind end not understood",
     "绑定结束时间不是可识别的日期时间（为空表示仍在绑定）；这条绑定关系未使用。",
     "The bind end is not a date-time we understand (empty means still bound); this binding was not used."},
    {"绑定结束早于开始", "Bind end before bind start",
     "绑定结束时间不晚于开始时间；这条绑定关系未使用。",
     "The bind end is not after the bind start; this binding was not used."},
    {"缺少行业", "Missing industry",
     "行业标准文件的这一行没有行业名称；这条标准未使用。",
     "This row of the standards file has no industry; the standard was not used."},
    {"达标标准不是整数", "Standard is not a whole number",
     "行业的月度达标标准不是非负整数；这条标准未使用。",
     "The industry's monthly standard is not a non-negative whole number; it was not used."},
    {"认证时间为空或无法识别", "Certification date missing or not understood",
     "服务商名单的这一行没有可识别的认证时间（如 2023-08-31）；该服务商的参评资格按「未知」处理。",
     "This row of the providers file has no certification date we understand (e.g. 2023-08-31); the provider's eligibility is unknown."},
};
static_assert(sizeof(kReasonText) / sizeof(kReasonText[0]) == kReasonCount, "one text per reason");

const char* const kReasonCode[] = {
#define TL_REASON_CODE(id, code) code,
    TL_REASONS(TL_REASON_CODE)
#undef TL_REASON_CODE
};

}  // namespace

const char* reason_code(Reason r) { return r < Reason::Count_ ? kReasonCode[static_cast<size_t>(r)] : "unknown"; }

std::optional<Reason> parse_reason(std::string_view code) {
  for (size_t i = 0; i < kReasonCount; ++i)
    if (code == kReasonCode[i]) return static_cast<Reason>(i);
  return std::nullopt;
}

const char* reason_label(Reason r, Lang l) {
  if (r >= Reason::Count_) return "?";
  const ReasonText& t = kReasonText[static_cast<size_t>(r)];
  return l == Lang::Zh ? t.zh : t.en;
}

const char* reason_about(Reason r, Lang l) {
  if (r >= Reason::Count_) return "";
  const ReasonText& t = kReasonText[static_cast<size_t>(r)];
  return l == Lang::Zh ? t.about_zh : t.about_en;
}

// [SECTION] messages -----------------------------------------------------------------------------

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

namespace {

struct MsgText {
  const char* zh;
  const char* en;
  const char* cli_zh = nullptr;    // the fix on the command line (null: none)
  const char* cli_en = nullptr;
  const char* page_zh = nullptr;   // the fix in the page (null: none)
  const char* page_en = nullptr;
};

// In TL_MESSAGES order. Parameters: file, line, kind, fields, headers, value, path, limit, ...
const MsgText kMsgText[] = {
    // ---- files
    {"“{file}”是空文件：没有找到表头行。", "“{file}” is empty: no header line was found.",
     "请确认导出是否完整，再重新导出。", "Check that the export is complete, or export it again.",
     "请确认导出是否完整，再重新导出后添加。", "Check that the export is complete, or export it again and add it."},
    {"“{file}”：无法从表头（第 1 行）判断文件类型。表头为：{headers:list}。应为订单导出（主订单编号、店铺ID、支付完成时间）、"
     "绑定商家（店铺ID、服务商ID、行业、绑定开始时间）、商家月度统计（店铺ID、月份、支付订单量）、行业标准（行业、月度达标标准）"
     "或服务商名单（服务商ID、认证时间）。",
     "“{file}”: could not tell what kind of file this is from its header (line 1): {headers:list}. Expected an orders export "
     "(main order id, shop id, pay time), bindings (shop id, provider id, industry, bind start), monthly stats (shop id, month, "
     "paid orders), industry standards (industry, monthly standard) or providers (provider id, certification date).",
     "用 --kind orders|bindings|monthly|standards|providers 指定文件类型，再用 --column '表头=字段' 指定列。",
     "Set the kind with --kind orders|bindings|monthly|standards|providers, and columns with --column 'HEADER=FIELD'.",
     "在「文件」页该文件的「文件类型」中选择类型，再在列表中为各列选择含义。",
     "Choose the kind under “File kind” on the Files tab, then pick each column's meaning in its list."},
    {"“{file}”（{kind:kind}）：表头（第 1 行）中找不到必需的列：{fields:fields}。表头为：{headers:list}。",
     "“{file}” ({kind:kind}): required column(s) not found in the header (line 1): {fields:fields}. The header is: {headers:list}.",
     "用 --column '表头=字段' 指定对应的列（如 --column '{example}={first_field}'），或用 --column '列号=字段'（列号从 1 数起）。",
     "Map the column with --column 'HEADER=FIELD' (e.g. --column '{example}={first_field}'), or --column 'N=FIELD' (N: the column's number, from 1).",
     "在「文件」页该文件的列表中，为对应的列选择「{first_field:field}」等含义。",
     "On the Files tab, pick “{first_field:field}” (and the others) as the meaning of the right columns in this file's list."},
    {"“{file}”：约 {rows_m} 百万行（{size_mb} MB），读入后约需 {need_mb} MB 内存，超过本页面可用的 {limit_mb} MB。",
     "“{file}”: with about {rows_m} million rows ({size_mb} MB), this file needs about {need_mb} MB of memory once read, "
     "more than this page can use ({limit_mb} MB).",
     nullptr, nullptr,
     "请把导出拆成几个文件（如每月一个）分别添加，或使用没有此限制的 tierlens 命令行工具。其他文件不受影响。",
     "Split the export (e.g. one file per month) and add the parts, or use the tierlens command-line tool, which has no such "
     "limit. The other files are kept."},
    {"“{file}”：超过 {limit_mb} MB 的规则文件不合理，是不是选错了文件？",
     "“{file}”: a rule set larger than {limit_mb} MB is not plausible; is this the right file?"},
    {"“{file}”：规则文件有误：{detail}", "“{file}”: the rule set is invalid: {detail}",
     "修改文件后重新运行；tierlens rules 输出内置规则作为模板。", "Fix the file and run again; tierlens rules prints the built-in rule set as a template.",
     "修改文件后重新导入，或在「规则」页直接编辑。", "Fix the file and import it again, or edit the rules on the Rules tab."},
    {"“{file}”：同时打开的文件太多（最多 {limit} 个）。", "“{file}”: too many files open at once (at most {limit}).",
     "请合并一些文件后再运行。", "Merge some files and run again.",
     "请先移除一些文件。", "Remove some files first."},
    {"“{file}”：内存不足，这个文件未能读完，已读的部分已移除。", "“{file}”: out of memory; the file could not be read, and what was read of it was removed.",
     "请在内存更大的机器上运行，或把文件拆开。", "Run on a machine with more memory, or split the file.",
     "请关闭其他标签页后重试，把文件拆开，或使用命令行工具。其他文件不受影响。",
     "Close other tabs and try again, split the file, or use the command-line tool. The other files are kept."},
    {"“{file}”：读取时出现内部错误，这个文件未被使用（其他文件不受影响）。",
     "“{file}”: an internal error stopped reading this file; it was not used (the other files are kept).",
     "请把文件和这条消息报告给我们。", "Please report the file and this message to us.",
     "请把文件和这条消息报告给我们。", "Please report the file and this message to us."},
    {"无法打开“{file}”：{detail}。", "Cannot open “{file}”: {detail}.",
     "请检查路径和权限。", "Check the path and permissions."},
    {"读取“{file}”时出错：{detail}。", "Error while reading “{file}”: {detail}."},
    {"无法写入“{file}”：{detail}。", "Cannot write “{file}”: {detail}.",
     "请检查文件夹是否存在、是否有写权限。", "Check that the folder exists and is writable."},
    {"“{file}”第 {line} 行：引号没有闭合，文件剩余部分被读成了一个字段。",
     "“{file}” line {line}: a quoted field is never closed; the rest of the file was read as one field.",
     "请检查该行的引号，或重新导出。", "Check the quotes on that line, or export again."},
    {"“{file}”：{count:num} 处字节不是有效的 {encoding} 编码，已替换。",
     "“{file}”: {count:num} byte sequence(s) are not valid {encoding} and were replaced.",
     "如果文字显示为乱码，请用 --encoding 指定编码（utf-8、gbk、utf-16le）。",
     "If text looks garbled, set the encoding with --encoding (utf-8, gbk, utf-16le).",
     "如果文字显示为乱码，请在「文件」页为该文件选择编码。", "If text looks garbled, choose the file's encoding on the Files tab."},
    {"“{file}”混用了两种编码：大部分是 {encoding}，但有 {count:num} 行是 {other}（第一行是第 {line} 行），这些行的文字已按 {other} 读取。常见原因是把不同方式导出的文件拼接成了一个文件。",
     "“{file}” mixes two encodings: most of it is {encoding}, but the text of {count:num} line(s) is {other} (the first is line {line}); it was read as {other}. This usually happens when exports saved in different ways are pasted into one file.",
     "请核对第 {line} 行起的文字；最好把各部分作为单独的文件给出，或把整个文件另存为 UTF-8 后再运行。",
     "Check the text from line {line} on; better, give the parts as separate files, or save the whole file as UTF-8, and run again.",
     "请核对第 {line} 行起的文字；最好把各部分作为单独的文件添加，或另存为 UTF-8 后在「文件」页移除此文件再添加新文件。",
     "Check the text from line {line} on; better, add the parts as separate files, or save the file as UTF-8, remove it on the Files tab and add the new one."},
    {"“{file}”：店铺ID取自“{header}”列，而在抖店导出中它常常是商品的 SKU 编码。",
     "“{file}”: the shop id was taken from column “{header}”, which in Doudian exports is often the SKU code.",
     "如果文件里有店铺ID列，请用 --column '店铺ID=merchant_id' 指定它。",
     "If the file has a shop id column, map it with --column 'SHOP ID HEADER=merchant_id'.",
     "如果文件里有店铺ID列，请在「文件」页把它设为「店铺ID」。", "If the file has a shop id column, set it as “Shop id” on the Files tab."},
    {"“{file}”：两列都像{field:field}：“{other}”和“{chosen}”；用了“{chosen}”（前 {rows} 行中，它有 {chosen_fit} 个值像{field:field}，“{other}”有 {other_fit} 个{reason:colwhy}）。",
     "“{file}”: two columns look like {field:field}: “{other}” and “{chosen}”; used “{chosen}” (in the first {rows} rows, {chosen_fit} of its values look like one, {other_fit} of “{other}”'s{reason:colwhy}).",
     "如不对，请用 --column '{other}={field}' 指定。", "If that is wrong, run with --column '{other}={field}'.",
     "如不对，请在「文件」页该文件的「列的含义」中，把“{other}”的含义选为「{field:field}」。",
     "If that is wrong, open “Columns” on this file's card on the Files tab and set the meaning of “{other}” to “{field:field}”."},
    {"“{file}”：表头中没有明确的{field:field}列；按前 {rows} 行的值，用了“{header}”列（其中 {fit} 个值像{field:field}）。",
     "“{file}”: no header clearly names the {field:field} column; from the values of the first {rows} rows, “{header}” was used ({fit} of its values look like one).",
     "如不对，请用 --column '表头={field}' 指定正确的列（表头照文件中的写，或写列号，从 1 数起）。",
     "If that is wrong, map the right column with --column 'HEADER={field}' (the header as the file writes it, or the column's number from 1).",
     "如不对，请在「文件」页该文件的「列的含义」中为正确的列选择「{field:field}」。",
     "If that is wrong, open “Columns” on this file's card on the Files tab and pick “{field:field}” for the right column."},
    {"“{file}”是{format:fmt}，不是 CSV 文本表格，无法读取。{format:fmtfix}",
     "“{file}” is {format:fmt}, not a CSV text table, so it cannot be read. {format:fmtfix}"},
    {"“{file}”（{kind:kind}）只有表头，没有数据行：它对结果没有任何贡献。",
     "“{file}” ({kind:kind}) has a header but no data rows: it adds nothing to the result.",
     "请确认导出是否完整（导出时选择的时间范围、筛选条件），再重新导出后运行。",
     "Check that the export is complete (the period and filters chosen when exporting), export it again and rerun.",
     "请确认导出是否完整（导出时选择的时间范围、筛选条件），重新导出后在「文件」页移除此文件再添加新文件。",
     "Check that the export is complete (the period and filters chosen when exporting); export it again, remove this file on the Files tab and add the new one."},
    {"“{file}”：{rows:num} 行中有 {count:num} 个 NUL 字节（第一处在第 {line} 行），已从单元格中删除（如店铺ID“1000␀0002”按 10000002 读取）。文件可能已损坏，或编码不是所识别的编码。",
     "“{file}”: {count:num} NUL byte(s) in {rows:num} row(s) (the first on line {line}) were removed from their cells (a shop id “1000␀0002” reads as 10000002). The file may be damaged, or in another encoding than the one detected.",
     "请核对这些行；如果文字也是乱码，请用 --encoding 指定编码（如 utf-16le），否则请重新导出。",
     "Check those rows; if text also looks garbled, set the encoding with --encoding (e.g. utf-16le), else export the file again.",
     "请核对这些行；如果文字也是乱码，请在「文件」页为该文件选择编码，否则请重新导出后再添加。",
     "Check those rows; if text also looks garbled, choose the file's encoding on the Files tab, else export the file again and add it."},
    {"“{file}”：{rows:num} 行中有 {count:num} 行的字段数与表头的 {header_fields} 个不同（如第 {line} 行有 {width} 个；行号：{lines}）。这些行仍按列号读取：多出的字段被忽略，缺少所需字段的行按各自的原因列为不计入。常见原因是分隔符不对，或单元格中的逗号没有加引号。",
     "“{file}”: {count:num} of {rows:num} rows have another number of fields than the header's {header_fields}, e.g. line {line} with {width} (lines: {lines}). They were still read by column number: extra fields are ignored, and rows too short for a needed column are listed as not counted under that reason. The usual cause is a wrong separator, or commas inside cells that are not quoted.",
     "用 tierlens inspect 查看该文件识别出的分隔符和各列；分隔符不对时用 inspect --sep 试读，然后重新导出（单元格加引号）或另存为正确的分隔符。",
     "Run tierlens inspect on the file to see the separator and columns found (try another with inspect --sep); then export it again with cells quoted, or save it with the right separator.",
     "在「文件」页该文件的卡片上检查「分隔符」，不对时改选正确的分隔符；否则请重新导出（单元格加引号）后再添加。",
     "Check “Separator” on this file's card on the Files tab and choose the right one if it is wrong; else export the file again with cells quoted and add it."},
    {"“{file}”是作为「{kind:kind}」文件给出的，但它的表头是「{looks:kind}」文件的表头（{fields:fields}），缺少「{kind:kind}」必需的列：{missing:fields}。",
     "“{file}” was given as “{kind:kind}”, but its header is that of a “{looks:kind}” file ({fields:fields}); the columns “{kind:kind}” need are missing: {missing:fields}.",
     "请用 --{looks} 给出它，而不是 --{kind}（或直接作为参数给出，类型会按表头识别）。",
     "Give it with --{looks} instead of --{kind} (or as a plain argument: its kind is then told from its header).",
     "请在「文件」页该文件的「文件类型」中选择「{looks:kind}」（或选「自动识别」）。",
     "On the Files tab, choose “{looks:kind}” (or automatic) under “File kind” for this file."},
    {"“{file}”：表头“{header}”出现了不止一次（第 {used} 列和第 {other} 列）；作为{field:field}用的是第 {used} 列，第 {other} 列未被使用。",
     "“{file}”: the header “{header}” names more than one column (columns {used} and {other}); column {used} was used as {field:field}, column {other} was not used.",
     "如果应该用第 {other} 列，请用 --column '{other}={field}'（列号从 1 数起）。",
     "If column {other} is the right one, run with --column '{other}={field}' (columns counted from 1).",
     "如果应该用第 {other} 列，请在「文件」页该文件的「列的含义」中把第 {other} 列选为「{field:field}」。",
     "If column {other} is the right one, open “Columns” on this file's card on the Files tab and pick “{field:field}” for column {other}."},
    {"“{file}”：{count:num} 个店铺在同一时间绑定了两个服务商，如店铺 {merchant}：{first}（自{first_start:since}起）和 {second}（自{second_start:since}起），重叠期为{from:since}至{to:until}。重叠期内支付的订单计入开始时间较晚的绑定，即 {second}。",
     "“{file}”: {count:num} shop(s) are bound to two providers at the same time, e.g. shop {merchant}: {first} (from {first_start:since}) and {second} (from {second_start:since}), overlapping from {from:since} to {to:until}. Orders paid in the overlap count for the binding that started later: {second}.",
     "如果不对，请在绑定文件中把较早的绑定的「绑定结束时间」改为较晚绑定的开始时间（或删掉错误的一行），再重新运行。",
     "If that is wrong, set the earlier binding's end (绑定结束时间) to the later one's start in the bindings file (or delete the wrong row), and rerun.",
     "如果不对，请在绑定文件中把较早的绑定的「绑定结束时间」改为较晚绑定的开始时间（或删掉错误的一行），在「文件」页移除旧文件后再添加。",
     "If that is wrong, set the earlier binding's end (绑定结束时间) to the later one's start in the bindings file (or delete the wrong row), remove the old file on the Files tab and add the corrected one."},
    {"“{file}”：{count:num} 个服务商列出了不同的认证时间，如 {provider}：{first} 和 {second}{other_file:infile}。按最早的 {first} 判断参评资格。",
     "“{file}”: {count:num} provider(s) are listed with different certification dates, e.g. {provider}: {first} and {second}{other_file:infile}. "
     "The earliest, {first}, decides eligibility.",
     "如果不对，请在服务商名单中每个服务商只保留一行正确的认证时间，再重新运行。",
     "If that is wrong, keep one row with the right certification date per provider in the providers file, and rerun.",
     "如果不对，请在服务商名单中每个服务商只保留一行正确的认证时间，在「文件」页移除旧文件后再添加。",
     "If that is wrong, keep one row with the right certification date per provider in the providers file, remove the old file on the Files tab and add the corrected one."},
    // ---- archives and workbooks
    {"“{file}”：压缩包无法读取（{why:zipwhy}），其中的文件都未被使用。",
     "“{file}”: the archive cannot be read ({why:zipwhy}); none of the files in it were used.",
     "请重新下载或重新压缩后再运行，或解压后直接给出其中的文件。", "Download or zip it again and rerun, or unpack it and give the files inside.",
     "请重新下载或重新压缩后再添加，或解压后直接添加其中的文件。其他文件不受影响。",
     "Download or zip it again and add it, or unpack it and add the files inside. The other files are kept."},
    {"“{file}”：压缩包里的这个文件已损坏（{why:zipwhy}），未被使用，已读的部分已移除。",
     "“{file}”: this file inside the archive is damaged ({why:zipwhy}); it was not used, and what was read of it was removed.",
     "请重新下载压缩包，或解压后单独给出这个文件。", "Download the archive again, or unpack it and give this file on its own.",
     "请重新下载压缩包，或解压后单独添加这个文件。其他文件不受影响。",
     "Download the archive again, or unpack it and add this file on its own. The other files are kept."},
    {"“{file}”有密码保护，无法读取。", "“{file}” is password-protected and cannot be read.",
     "请用解压软件输入密码解压后，给出其中的文件。", "Unpack it with its password and give the files inside.",
     "请用解压软件输入密码解压后，添加其中的文件。", "Unpack it with its password and add the files inside."},
    {"“{file}”用了不支持的压缩方式（ZIP 方法 {method}），无法读取。",
     "“{file}” is compressed with a method tierlens does not read (ZIP method {method}).",
     "请解压后直接给出其中的文件，或用普通 ZIP（Deflate）重新压缩。", "Unpack it and give the files inside, or zip them again as a standard (Deflate) ZIP.",
     "请解压后直接添加其中的文件，或用普通 ZIP（Deflate）重新压缩。", "Unpack it and add the files inside, or zip them again as a standard (Deflate) ZIP."},
    {"“{file}”里没有可读的数据文件（CSV、TXT 或 XLSX）。", "“{file}” holds no data file that can be read (CSV, TXT or XLSX).",
     "请确认压缩包里是导出的 CSV 或 XLSX 文件。", "Check that the archive holds the exported CSV or XLSX files.",
     "请确认压缩包里是导出的 CSV 或 XLSX 文件。", "Check that the archive holds the exported CSV or XLSX files."},
    {"“{file}”：压缩包里的压缩包或工作簿解压后有 {size_mb} MB，超过可在内存中展开的 {limit_mb} MB，未被读取。",
     "“{file}”: an archive or workbook inside the archive is {size_mb} MB unpacked, more than the {limit_mb} MB that can be unpacked in memory; it was not read.",
     "请先解压外层压缩包，再给出里面的文件。", "Unpack the outer archive first and give the files inside.",
     "请先解压外层压缩包，再添加里面的文件。", "Unpack the outer archive first and add the files inside."},
    {"“{file}”：压缩包有 {size_mb} MB，超过本页面能直接读取的 {limit_mb} MB（读取压缩包时整个文件要放在页面内存里）。",
     "“{file}”: the archive is {size_mb} MB, more than the {limit_mb} MB this page can read (an archive is held in the page's memory while it is read).",
     nullptr, nullptr,
     "请解压后添加里面的文件（可以直接拖入整个文件夹），或用 tierlens 命令行工具直接读取这个压缩包。其他文件不受影响。",
     "Unpack it and add the files inside (a whole folder can be dropped), or read the archive with the tierlens command-line tool. The other files are kept."},
    {"“{file}”：Excel 工作簿无法读取（{why:zipwhy}）。", "“{file}”: the Excel workbook cannot be read ({why:zipwhy}).",
     "请在 Excel 中打开后另存为 .xlsx 或「CSV UTF-8（逗号分隔）」再运行。", "Open it in Excel and save it again as .xlsx or “CSV UTF-8 (comma delimited)”, then rerun.",
     "请在 Excel 中打开后另存为 .xlsx 或「CSV UTF-8（逗号分隔）」再添加。其他文件不受影响。",
     "Open it in Excel and save it again as .xlsx or “CSV UTF-8 (comma delimited)”, then add it. The other files are kept."},
    {"“{file}”未读取：{why:leftout}。", "“{file}” was left out: {why:leftout}.",
     "如需读取，请单独导出这个工作表为 CSV 后给出。", "To use it, export that sheet as CSV and give it on its own.",
     "如需读取，请单独导出这个工作表为 CSV 后添加。", "To use it, export that sheet as CSV and add it on its own."},
    // ---- rule sets
    {"规则不是有效的 JSON：第 {line} 行第 {column} 列附近有语法错误。", "The rules are not valid JSON: a syntax error near line {line}, column {column}."},
    {"规则中的数字 {value} 太大（第 {line} 行第 {column} 列）。", "A number in the rules, {value}, is too large (line {line}, column {column})."},
    {"规则的 JSON 嵌套超过 {limit} 层，不像是规则文件。", "The rules' JSON is nested more than {limit} levels deep; this is not a rule set."},
    {"规则文本超过 {limit_mb} MB，不像是规则集；是不是选错了文件？", "A rule set larger than {limit_mb} MB is not plausible; is this the right file?"},
    {"规则必须是一个 JSON 对象（{…}）。", "The rule set must be a JSON object ({…})."},
    {"{path}：未知的键；允许的键为 {allowed:list}。", "{path}: unknown key; allowed keys are {allowed:list}."},
    {"{path}：缺少此项。", "{path}: missing."},
    {"{path}：应为{expected:jtype}，实为{got:jtype}。", "{path}: expected {expected:jtype}, got {got:jtype}."},
    {"{path}：应为有限的数字。", "{path}: expected a finite number."},
    {"{path}：应为整数，实为 {value}。", "{path}: expected a whole number, got {value}."},
    {"{path}：不能为负数。", "{path}: must not be negative."},
    {"{path}：应在 {min} 到 {max} 之间，实为 {value}。", "{path}: must be between {min} and {max}, got {value}."},
    {"{path}：未知的指标“{value}”；可用 {allowed:list}。", "{path}: unknown metric “{value}”; expected one of {allowed:list}."},
    {"{path}：未知的比较符“{value}”；可用 {allowed:list}。", "{path}: unknown operator “{value}”; expected one of {allowed:list}."},
    {"{path}：应为 \">\" 或 \">=\"，实为“{value}”。", "{path}: expected \">\" or \">=\", got “{value}”."},
    {"schema：不支持的格式“{value}”，应为 \"tierlens.rules/1\"。", "schema: unsupported schema “{value}”; expected \"tierlens.rules/1\"."},
    {"tiers：应为非空的等级数组，从低到高。", "tiers: expected a non-empty array of tiers, lowest first."},
    {"{path}：不能为空。", "{path}: must not be empty."},
    {"{path}：等级 id“{value}”重复。", "{path}: duplicate tier id “{value}”."},
    {"分享链接中的规则无法使用：{detail}", "The rules in the share link cannot be used: {detail}",
     nullptr, nullptr,
     "已继续使用当前规则；请向分享者要一个新链接，或在「规则」页导入规则文件。",
     "The current rules were kept; ask for a new link, or import a rules file on the Rules tab."},
    // ---- command line
    {"未知的命令“{value}”。{suggestion}", "Unknown command “{value}”.{suggestion}",
     "tierlens --help 列出所有命令。", "tierlens --help lists the commands."},
    {"{command}：未知的选项“{value}”。{suggestion}", "{command}: unknown option “{value}”.{suggestion}",
     "tierlens {command} --help 列出它的选项。", "tierlens {command} --help lists its options."},
    {"选项 {option} 需要一个值。", "Option {option} needs a value.",
     "tierlens {command} --help 说明它的取值。", "tierlens {command} --help explains its values."},
    {"选项 {option} 的值“{value}”无效；可用 {allowed:list}。", "Option {option}: “{value}” is not valid; expected one of {allowed:list}."},
    {"{command}：缺少 {option}。", "{command}: {option} is required.",
     "tierlens {command} --help 说明用法。", "tierlens {command} --help explains the usage."},
    {"{command}：多余的参数“{value}”。", "{command}: unexpected argument “{value}”.",
     "tierlens {command} --help 说明用法。", "tierlens {command} --help explains the usage."},
    {"evaluate 至少需要一个输入文件。", "evaluate needs at least one input file.",
     "直接给出文件或文件夹（类型自动识别），或用 --orders F、--monthly F。",
     "Give files or folders as arguments (kinds are detected), or --orders F, --monthly F."},
    {"--window“{value}”不是月份范围，应为 2023-06..2023-08 或 2023-06。",
     "--window “{value}” is not a month range like 2023-06..2023-08 or a single month like 2023-06.",
     "月份范围最长 36 个月，结束不早于开始。", "A range is at most 36 months and ends no earlier than it starts."},
    {"{command}：{detail}", "{command}: {detail}",
     "tierlens {command} --help 说明用法。", "tierlens {command} --help explains the usage."},
};
static_assert(sizeof(kMsgText) / sizeof(kMsgText[0]) == static_cast<size_t>(Msg::Count_), "one text per message");

struct MsgMeta {
  const char* code;
  Severity severity;
};
const MsgMeta kMsgMeta[] = {
#define TL_MSG_META(id, code, sev) {code, Severity::sev},
    TL_MESSAGES(TL_MSG_META)
#undef TL_MSG_META
};

}  // namespace

const char* msg_code(Msg m) { return m < Msg::Count_ ? kMsgMeta[static_cast<size_t>(m)].code : "unknown"; }

std::optional<Msg> parse_msg(std::string_view code) {
  for (size_t i = 0; i < static_cast<size_t>(Msg::Count_); ++i)
    if (code == kMsgMeta[i].code) return static_cast<Msg>(i);
  return std::nullopt;
}

bool decides_the_answer(Msg m) {
  return m == Msg::FileColumnsCompete || m == Msg::FileColumnFromValues || m == Msg::FileMerchantFromSkuCode;
}

Severity msg_severity(Msg m) { return m < Msg::Count_ ? kMsgMeta[static_cast<size_t>(m)].severity : Severity::Error; }

Message& Message::set(std::string_view name, std::string value) {
  for (auto& [k, v] : params)
    if (k == name) {
      v = std::move(value);
      return *this;
    }
  params.emplace_back(std::string(name), std::move(value));
  return *this;
}

Message& Message::list(std::string_view name, const std::vector<std::string>& items) {
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) joined += '\x1f';
    joined += items[i];
  }
  return set(name, std::move(joined));
}

std::string_view Message::get(std::string_view name) const {
  for (auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

// [SECTION] labels -------------------------------------------------------------------------------

const char* field_label(Field f, Lang l) {
  const bool zh = l == Lang::Zh;
  switch (f) {
    case Field::None: return zh ? "（不使用）" : "(not used)";
    case Field::MainOrderId: return zh ? "主订单编号" : "Main order id";
    case Field::OrderId: return zh ? "子订单编号 / 订单编号" : "Sub-order / order id";
    case Field::MerchantId: return zh ? "店铺ID" : "Shop id";
    case Field::MerchantName: return zh ? "店铺名称" : "Shop name";
    case Field::PayTime: return zh ? "支付完成时间" : "Pay time";
    case Field::Status: return zh ? "订单状态" : "Order status";
    case Field::Amount: return zh ? "订单金额" : "Amount";
    case Field::ProviderId: return zh ? "服务商ID" : "Provider id";
    case Field::ProviderName: return zh ? "服务商名称" : "Provider name";
    case Field::Industry: return zh ? "行业" : "Industry";
    case Field::BindStart: return zh ? "绑定开始时间" : "Bind start";
    case Field::BindEnd: return zh ? "绑定结束时间" : "Bind end";
    case Field::Month: return zh ? "月份" : "Month";
    case Field::OrderCount: return zh ? "支付订单量" : "Paid orders";
    case Field::Standard: return zh ? "月度达标标准" : "Monthly standard";
    case Field::CertifiedSince: return zh ? "认证时间" : "Certified since";
    case Field::Count_: break;
  }
  return "?";
}

const char* kind_label(FileKind k, Lang l) {
  const bool zh = l == Lang::Zh;
  switch (k) {
    case FileKind::Orders: return zh ? "订单" : "Orders";
    case FileKind::Bindings: return zh ? "绑定商家" : "Bindings";
    case FileKind::MonthlyStats: return zh ? "商家月度统计" : "Monthly stats";
    case FileKind::Standards: return zh ? "行业标准" : "Industry standards";
    case FileKind::Rules: return zh ? "规则 JSON" : "Rules JSON";
    case FileKind::Providers: return zh ? "服务商名单" : "Providers";
    case FileKind::Unknown: break;
  }
  return zh ? "无法识别" : "Not recognised";
}

const char* metric_label(std::string_view m, Lang l) {
  const bool zh = l == Lang::Zh;
  if (m == "paid_orders") return zh ? "支付订单量" : "Paid orders";
  if (m == "active_merchants") return zh ? "动销商家数" : "Active merchants";
  if (m == "qualified_merchants") return zh ? "服务达标商家数" : "Qualified merchants";
  if (m == "paid_amount") return zh ? "支付金额" : "Paid amount";
  return "?";
}

const char* binary_format(const uint8_t* d, size_t n) {
  auto is = [d, n](const char* sig, size_t len) { return n >= len && std::memcmp(d, sig, len) == 0; };
  if (is("\x89PNG\r\n\x1a\n", 8)) return "png";
  if (is("\xff\xd8\xff", 3)) return "jpeg";
  if (is("GIF87a", 6) || is("GIF89a", 6)) return "gif";
  if (is("%PDF-", 5)) return "pdf";
  if (is("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) return "xls";   // OLE2: Excel 97-2003 (and other old Office files)
  if (is("PK\x03\x04", 4) || is("PK\x05\x06", 4)) {                 // a ZIP: an .xlsx is one with an xl/ folder
    const std::string_view head(reinterpret_cast<const char*>(d), std::min<size_t>(n, 64 * 1024));
    return head.find("xl/") != std::string_view::npos ? "xlsx" : "zip";
  }
  if (is("\x1f\x8b", 2)) return "gzip";
  if (is("Rar!\x1a\x07", 6)) return "rar";
  if (is("7z\xbc\xaf\x27\x1c", 6)) return "7z";
  return "";
}

std::string group_digits(int64_t v) {
  const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string s = std::to_string(mag), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return (v < 0 ? "-" : "") + out;
}

// [SECTION] rendering ----------------------------------------------------------------------------

namespace {

std::vector<std::string_view> split_list(std::string_view v) {
  std::vector<std::string_view> out;
  if (v.empty()) return out;
  size_t b = 0;
  for (;;) {
    size_t e = v.find('\x1f', b);
    out.push_back(v.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

// A value as a person reads it inside a sentence: control characters (a NUL in a binary file's "header")
// as their visible pictures (U+2400 + c), and at most kShownChars characters, so that a 50 MB first
// line or a binary file never makes a message that cannot be printed or read. (A plain value may be a
// whole message of its own, a rule set's error: it gets room for that.)
constexpr size_t kShownItemChars = 80, kShownValueChars = 600, kShownItems = 30;
std::string shown(std::string_view v, size_t limit) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < v.size();) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > v.size()) n = 1;
    if (++chars > limit) {
      out += "…";
      break;
    }
    if (c < 0x20 || c == 0x7F) {
      const unsigned cp = c == 0x7F ? 0x2421 : 0x2400 + c;   // ␀ … ␟, ␡
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out.append(v.data() + i, n);
    }
    i += n;
  }
  return out;
}

std::string format_value(std::string_view value, std::string_view type, Lang l) {
  const bool zh = l == Lang::Zh;
  if (type == "num") {
    char* end = nullptr;
    const std::string s(value);
    const long long n = std::strtoll(s.c_str(), &end, 10);
    return end && *end == 0 && !s.empty() ? group_digits(n) : s;
  }
  if (type == "field") {
    auto f = parse_field(value);
    return f ? field_label(*f, l) : std::string(value);
  }
  if (type == "kind") {
    auto k = parse_kind(value);
    return kind_label(k ? *k : FileKind::Unknown, l);
  }
  if (type == "jtype") {   // a JSON type name as nlohmann gives it, or a few of our own
    static const char* const names[][3] = {{"string", "字符串", "a string"}, {"number", "数字", "a number"},
                                           {"array", "数组", "an array"}, {"object", "对象", "an object"},
                                           {"boolean", "布尔值", "a boolean"}, {"null", "null", "null"},
                                           {"whole", "非负整数", "a whole number"}, {"strings", "字符串数组", "an array of strings"},
                                           {"conditions", "条件数组", "an array of conditions"},
                                           {"tiers", "等级数组", "an array of tiers"},
                                           {"standards", "对象 {行业: 标准}", "an object {industry: standard}"}};
    for (auto& n : names)
      if (value == n[0]) return zh ? n[1] : n[2];
    return std::string(value);
  }
  if (type == "fmt" || type == "fmtfix") {   // a binary format code (binary_format) and what to do with such a file
    static const char* const kFormats[][3] = {
        {"png", " PNG 图片", "a PNG image"}, {"jpeg", " JPEG 图片", "a JPEG image"}, {"gif", " GIF 图片", "a GIF image"},
        {"pdf", " PDF 文档", "a PDF document"}, {"xls", "旧版 Excel 工作簿（.xls）", "an old Excel workbook (.xls)"},
        {"xlsx", " Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"}, {"zip", " ZIP 压缩包", "a ZIP archive"},
        {"gzip", " gzip 压缩文件", "a gzip-compressed file"}, {"rar", " RAR 压缩包", "a RAR archive"}, {"7z", " 7z 压缩包", "a 7z archive"}};
    const bool workbook = value == "xls" || value == "xlsx";
    const bool archive = value == "zip" || value == "gzip" || value == "rar" || value == "7z";
    if (type == "fmtfix") {
      if (workbook) return zh ? "请在 Excel 中「另存为」CSV UTF-8（逗号分隔）文件后再添加。" : "Open it in Excel, “Save as” CSV UTF-8 (comma delimited), and add that file.";
      if (archive) return zh ? "请先解压，再添加其中的 CSV 文件。" : "Unpack it first and add the CSV files inside.";
      return zh ? "请从抖店或服务商后台导出 CSV 文件后再添加。" : "Export the data as CSV from the back end and add that file.";
    }
    for (auto& f : kFormats)
      if (value == f[0]) return zh ? f[1] : f[2];
    return zh ? "二进制文件" : "a binary file";
  }
  if (type == "zipwhy") {   // an archive/workbook problem code (archive/zip.hpp, archive/xlsx.hpp)
    static const char* const kWhy[][3] = {
        {"truncated", "文件不完整，可能没有下载完", "the file is incomplete, perhaps not fully downloaded"},
        {"not_zip", "不是有效的 ZIP 文件", "it is not a valid ZIP file"},
        {"io", "读取失败", "it could not be read"},
        {"header", "文件头有误", "a file header is wrong"},
        {"deflate", "压缩数据有误", "the compressed data is wrong"},
        {"gzip", "gzip 数据有误", "the gzip data is wrong"},
        {"crc", "校验和不符", "its checksum does not match"},
        {"size", "大小与目录记录不符", "its size does not match the archive's directory"},
        {"xml", "其中的 XML 有误", "its XML is malformed"},
        {"not_workbook", "缺少工作簿或工作表部分", "its workbook or sheet part is missing"}};
    for (auto& w : kWhy)
      if (value == w[0]) return zh ? w[1] : w[2];
    return std::string(value);
  }
  if (type == "leftout") {   // why a sheet or an archive's entry was not read
    if (value == "hidden") return zh ? "隐藏的工作表" : "a hidden sheet";
    if (value == "empty") return zh ? "空工作表" : "an empty sheet";
    if (value == "unknown_kind") return zh ? "第一行不像订单、绑定商家、月度统计、行业标准或服务商名单的表头" : "its first row is not the header of orders, bindings, monthly stats, standards or providers";
    return std::string(value);
  }
  if (type == "since" || type == "until") {   // a binding's start or end; "" when open (file.bindings_overlap)
    if (!value.empty()) return std::string(value);
    if (type == "since") return zh ? "最早" : "the start";
    return zh ? "不限" : "no end";
  }
  if (type == "infile") {   // the earlier providers file that lists the other date; "" for the same file
    if (value.empty()) return std::string();
    return zh ? "（另见“" + std::string(value) + "”）" : " (the other in “" + std::string(value) + "”)";
  }
  if (type == "colwhy") {   // how two competing columns were decided (file.columns_compete)
    if (value == "tie") return zh ? "；一样多时取名称更贴切、更靠左的一列" : "; as many: the better-named, leftmost column";
    return std::string();
  }
  if (type == "fields" || type == "list") {
    std::string out;
    const auto items = split_list(value);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == kShownItems) {
        const std::string more = group_digits(static_cast<int64_t>(items.size() - i));
        out += zh ? " 等（另有 " + more + " 项）" : " … (" + more + " more)";
        break;
      }
      if (i) out += zh ? "、" : ", ";
      if (type == "fields") {
        auto f = parse_field(items[i]);
        out += f ? field_label(*f, l) : shown(items[i], kShownItemChars);
      } else {
        out += "“";
        out += shown(items[i], kShownItemChars);
        out += "”";
      }
    }
    if (items.empty()) out = zh ? "（无）" : "(none)";
    return out;
  }
  return shown(value, kShownValueChars);
}

std::string fill(const char* tmpl, const Message& m, Lang l) {
  std::string out;
  if (!tmpl) return out;
  for (const char* p = tmpl; *p;) {
    if (*p == '{') {
      const char* close = std::strchr(p, '}');
      const char* colon = nullptr;
      for (const char* q = p + 1; close && q < close; ++q)
        if (*q == ':') { colon = q; break; }
      // a placeholder is {name} or {name:type} with a plain name; anything else ("{…}") is text
      bool plain = close && close > p + 1;
      for (const char* q = p + 1; plain && q < (colon ? colon : close); ++q)
        plain = (*q >= 'a' && *q <= 'z') || *q == '_';
      if (plain) {
        std::string_view name(p + 1, static_cast<size_t>((colon ? colon : close) - p - 1));
        std::string_view type = colon ? std::string_view(colon + 1, static_cast<size_t>(close - colon - 1)) : std::string_view();
        out += format_value(m.get(name), type, l);
        p = close + 1;
        continue;
      }
    }
    out += *p++;
  }
  return out;
}

const MsgText& text_of(Msg c) { return kMsgText[c < Msg::Count_ ? static_cast<size_t>(c) : static_cast<size_t>(Msg::FileInternal)]; }

}  // namespace

std::string render(const Message& m, Lang l) {
  const MsgText& t = text_of(m.code);
  return fill(l == Lang::Zh ? t.zh : t.en, m, l);
}

std::string render_fix(const Message& m, Lang l, Host h) {
  const MsgText& t = text_of(m.code);
  const char* tmpl = h == Host::Cli ? (l == Lang::Zh ? t.cli_zh : t.cli_en) : (l == Lang::Zh ? t.page_zh : t.page_en);
  return fill(tmpl, m, l);
}

std::string render_full(const Message& m, Lang l, Host h) {
  std::string s = render(m, l), fix = render_fix(m, l, h);
  if (!fix.empty()) s += (l == Lang::Zh ? "" : " ") + fix;
  return s;
}

}  // namespace tl
