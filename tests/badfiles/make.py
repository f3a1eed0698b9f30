#!/usr/bin/env python3
"""tierlens — the corpus of bad files (tests/badfiles): writes every case's files into a directory.

    python3 tests/badfiles/make.py DIR          # all cases (about 145 MB, about a second)
    python3 tests/badfiles/make.py DIR --small  # without the two big files (the page's e2e test)
    python3 tests/badfiles/make.py DIR --list   # print the file names only

Standard library only. Every file is generated here, the big ones (50 MB line, 100 MB rules) and the
small ones alike, so the whole corpus lives in one place; expected.json says how each is given to the
CLI and what must come out. Deterministic: the same bytes on every run.
"""
import io
import os
import struct
import sys
import zipfile
import zlib

# ---- good files the bad ones are given with ---------------------------------------------------------
ORDERS_HEADER = ['主订单编号', '子订单编号', '选购商品', '商品数量', '订单应付金额', '支付完成时间', '订单状态', '店铺ID', '店铺名称']
ORDERS_ROWS = [
    ['6921000000000000001', '6921000000000000101', '夏季新款T恤', '1', '59.90', '2023-06-01 12:00:00', '已完成', '10000001', '义乌好货店'],
    ['6921000000000000001', '6921000000000000102', '冰丝凉席', '2', '129.00', '2023-06-01 12:00:00', '已完成', '10000001', '义乌好货店'],
    ['6921000000000000002', '6921000000000000201', '普通商品', '1', '12.50', '2023-06-02 09:05:00', '已发货', '10000002', '临沂商城店'],
    ['6921000000000000003', '6921000000000000301', '零食礼包', '3', '35.00', '2023-07-15 20:30:00', '已完成', '10000001', '义乌好货店'],
    ['6921000000000000004', '6921000000000000401', '收纳盒', '1', '19.90', '2023-08-31 21:00:00', '已完成', '10000003', '第三家店'],
]
BINDINGS_HEADER = ['店铺ID', '店铺名称', '服务商ID', '服务商名称', '行业', '绑定开始时间', '绑定结束时间']
BINDINGS_ROWS = [
    ['10000001', '义乌好货店', 'SP1001', '义乌小商品产业带服务商', '服饰', '2022-01-01 00:00:00', ''],
    ['10000002', '临沂商城店', 'SP1002', '临沂商城服务商', '食品饮料', '2023-01-01 00:00:00', ''],
    ['10000003', '第三家店', 'SP1002', '临沂商城服务商', '家居日用', '2023-01-01 00:00:00', ''],
]


def csv_text(header, rows, sep=',', eol='\r\n'):
    return ''.join(sep.join(r) + eol for r in [header] + rows)


def good_orders():
    return csv_text(ORDERS_HEADER, ORDERS_ROWS)


# ---- binary formats -----------------------------------------------------------------------------------
def png_bytes(w=64, h=48):
    """A real PNG: an RGB gradient."""
    def chunk(tag, data):
        return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)
    rows = []
    for y in range(h):
        row = bytearray(b'\x00')
        for x in range(w):
            row += bytes((x * 4 % 256, y * 5 % 256, (x + y) * 2 % 256))
        rows.append(bytes(row))
    raw = b''.join(rows)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def pdf_bytes():
    """A real (minimal) one-page PDF with a text line, cross-reference table included."""
    text = b'BT /F1 18 Tf 72 720 Td (Order report June 2023) Tj ET'
    objs = [
        b'<< /Type /Catalog /Pages 2 0 R >>',
        b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
        b'<< /Length ' + str(len(text)).encode() + b' >>\nstream\n' + text + b'\nendstream',
        b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for off in offsets:
        out += b'%010d 00000 n \n' % off
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return bytes(out)


def xls_bytes():
    """An old Excel .xls: the OLE2 compound-file header (D0 CF 11 E0 A1 B1 1A E1), a directory sector
    naming the 'Workbook' stream, and a BIFF8 stream with the orders header as UTF-16 strings."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex('D0CF11E0A1B11AE1')
    struct.pack_into('<HHHHH', header, 24, 0x3E, 3, 0xFFFE, 9, 6)    # minor, major version, byte order, sector 2^9
    struct.pack_into('<I', header, 44, 1)                              # one FAT sector
    struct.pack_into('<I', header, 48, 1)                              # directory starts at sector 1
    struct.pack_into('<I', header, 56, 4096)                           # mini stream cutoff
    struct.pack_into('<I', header, 60, 0xFFFFFFFE)
    struct.pack_into('<I', header, 68, 0xFFFFFFFE)
    struct.pack_into('<I', header, 76, 0)                              # DIFAT[0] = FAT at sector 0
    for i in range(1, 109):
        struct.pack_into('<I', header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b'\xff' * 512)
    struct.pack_into('<IIII', fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 3, 0xFFFFFFFE)
    directory = bytearray(512)
    for slot, (name, typ, start, size) in enumerate([('Root Entry', 5, 0xFFFFFFFE, 0), ('Workbook', 2, 3, 512)]):
        e = slot * 128
        n = name.encode('utf-16-le') + b'\x00\x00'
        directory[e:e + len(n)] = n
        struct.pack_into('<HBB', directory, e + 64, len(n), typ, 1)
        struct.pack_into('<III', directory, e + 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if slot == 0 else 0xFFFFFFFF)
        struct.pack_into('<II', directory, e + 116, start, size)
    biff = bytearray(struct.pack('<HHHH', 0x0809, 8, 0x0600, 0x0005) + b'\x00' * 4)   # BOF, workbook globals
    for s in ORDERS_HEADER:
        u = s.encode('utf-16-le')
        biff += struct.pack('<HHHB', 0x00FC, 3 + len(u), len(s), 1) + u          # string records
    biff += struct.pack('<HH', 0x000A, 0)                                         # EOF
    biff = bytes(biff[:512]).ljust(512, b'\x00')
    return bytes(header + fat + directory + biff)


def xlsx_bytes():
    """A real .xlsx (a zip of SpreadsheetML parts) holding the good orders as shared strings."""
    rows = [ORDERS_HEADER] + ORDERS_ROWS
    strings = []
    index = {}
    for r in rows:
        for c in r:
            if c not in index:
                index[c] = len(strings)
                strings.append(c)
    def esc(s):
        return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    sheet_rows = []
    for i, r in enumerate(rows, 1):
        cells = ''.join('<c r="%s%d" t="s"><v>%d</v></c>' % (chr(65 + j), i, index[c]) for j, c in enumerate(r))
        sheet_rows.append('<row r="%d">%s</row>' % (i, cells))
    parts = {
        '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % ''.join(sheet_rows),
        'xl/sharedStrings.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), ''.join('<si><t>%s</t></si>' % esc(s) for s in strings)),
    }
    return zip_bytes(parts)


def zip_bytes(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2023, 9, 1, 12, 0, 0))   # fixed: the same bytes every run
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode('utf-8') if isinstance(text, str) else text)
    return buf.getvalue()


# ---- the cases' files ---------------------------------------------------------------------------------
def write(d, name, data):
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)


def write_repeated(d, name, head, unit, total, tail=b''):
    """A big file of `head`, then `unit` repeated up to `total` bytes in all, then `tail`."""
    with open(os.path.join(d, name), 'wb') as f:
        f.write(head)
        block = unit * max(1, (1 << 20) // len(unit))
        left = total - len(head) - len(tail)
        while left > 0:
            piece = block[:left]
            f.write(piece)
            left -= len(piece)
        f.write(tail)


def make(d, small=False):
    os.makedirs(d, exist_ok=True)
    # good companions
    write(d, 'good_orders.csv', good_orders())
    write(d, 'bindings.csv', csv_text(BINDINGS_HEADER, BINDINGS_ROWS))

    # empty / header only / nothing but line ends
    write(d, 'empty.csv', b'')
    write(d, 'header_only.csv', '\ufeff' + ','.join(ORDERS_HEADER) + '\r\n')
    write(d, 'line_ends.csv', b'\r\n\n\r\r\n' * 2000)

    # files that are not CSV at all
    write(d, 'screenshot.png', png_bytes())
    write(d, 'report.pdf', pdf_bytes())
    write(d, 'orders.xls', xls_bytes())
    write(d, 'orders.xlsx', xlsx_bytes())
    write(d, 'orders_zipped.csv', zip_bytes({'orders.csv': '\ufeff' + good_orders()}))

    # encodings
    write(d, 'orders_utf16_nobom.csv', good_orders().encode('utf-16-le'))
    utf8_rows, gbk_rows = [], []
    for i in range(300):
        r = ['69210000%011d' % i, '69210000%011d' % (i * 10 + 1), '夏季新款T恤', '1', '59.90', '2023-06-%02d 12:00:00' % (i % 28 + 1),
             '已完成', '1000000%d' % (i % 3 + 1), '义乌好货店']
        (utf8_rows if i < 150 else gbk_rows).append(r)
    write(d, 'orders_mixed_encoding.csv', csv_text(ORDERS_HEADER, utf8_rows).encode('utf-8') +
          ''.join(','.join(r) + '\r\n' for r in gbk_rows).encode('gbk'))

    # 50 MB without a line end: one header cell of 50 MB
    if not small:
        write_repeated(d, 'one_line_50mb.csv', b'', b'0123456789abcdef', 50 * 1000 * 1000)

    # an unterminated quote at the end
    write(d, 'orders_unterminated_quote.csv', good_orders() +
          '6921000000000000005,6921000000000000501,"半截商品名,1,9.90,2023-08-21 08:00:00,已完成,10000001,义乌好货店\r\n')

    # NUL bytes inside cells
    write(d, 'orders_nul.csv', csv_text(ORDERS_HEADER, [
        ['6921000000000000001', '6921000000000000101', '夏季\x00新款', '1', '59.90', '2023-06-01 12:00:00', '已完成', '10000001', '义乌\x00\x00好货店'],
        ['6921000000000000002\x00', '6921000000000000201', '普通商品', '1', '12.50', '2023-06-02 09:05:00', '已发货', '1000\x000002', '临沂商城店'],
        ['6921000000000000003', '6921000000000000301', '零食礼包', '3', '35.00', '2023-07-15 20:30:00\x00', '已完成', '10000001', '\x00'],
        ['6921000000000000004', '6921000000000000401', '收纳盒', '1', '19.90', '2023-08-31 21:00:00', '已完成', '10000003', '第三家店'],
    ]))

    # 10,000 columns: the orders' columns among 9,991 others
    extra = ['备注%d' % i for i in range(1, 10001 - len(ORDERS_HEADER))]
    wide_rows = [r + [str(j % 7) for j in range(len(extra))] for r in ORDERS_ROWS]
    write(d, 'orders_10000_columns.csv', csv_text(ORDERS_HEADER + extra, wide_rows))

    # every row ragged: each one a different number of fields from the header's
    ragged = []
    for i, r in enumerate(ORDERS_ROWS * 4):
        n = [3, 6, 8, 10, 12, 15, 5, 9, 11, 4][i % 10]
        ragged.append((r + ['多余%d' % k for k in range(10)])[:n])
    write(d, 'orders_ragged.csv', csv_text(ORDERS_HEADER, ragged))

    # the wrong kind of file for a slot: a bindings file given as --orders
    write(d, 'bindings_as_orders.csv', csv_text(BINDINGS_HEADER, BINDINGS_ROWS))

    # duplicated headers: 店铺ID and 支付完成时间 twice, with different values
    dup_header = ORDERS_HEADER + ['店铺ID', '支付完成时间']
    dup_rows = [r + ['20000009', '2021-01-01 00:00:00'] for r in ORDERS_ROWS]
    write(d, 'orders_duplicate_headers.csv', csv_text(dup_header, dup_rows))

    # headers in other languages
    write(d, 'orders_japanese.csv', csv_text(['注文番号', '明細番号', '商品名', '数量', '支払金額', '支払日時', '注文状況', 'ショップID', 'ショップ名'],
                                             ORDERS_ROWS))
    write(d, 'orders_russian.csv', csv_text(['Номер заказа', 'Номер позиции', 'Товар', 'Количество', 'Сумма', 'Время оплаты', 'Статус', 'ID магазина', 'Магазин'],
                                            ORDERS_ROWS))

    # every id in scientific notation (a file re-saved by Excel)
    sci = [[('%.5E' % int(c)) if k in (0, 1, 7) else c for k, c in enumerate(r)] for r in ORDERS_ROWS]
    write(d, 'orders_scientific_ids.csv', csv_text(ORDERS_HEADER, sci))

    # every date unparseable
    bad_dates = ['2023年13月45日', 'yesterday', '06/31/2023 25:61', '0000-00-00 00:00:00', '45123.5x']
    write(d, 'orders_bad_dates.csv', csv_text(ORDERS_HEADER, [r[:5] + [bad_dates[i]] + r[6:] for i, r in enumerate(ORDERS_ROWS)]))

    # one merchant bound to two providers at once
    write(d, 'bindings_overlapping.csv', csv_text(BINDINGS_HEADER, BINDINGS_ROWS + [
        ['10000001', '义乌好货店', 'SP1002', '临沂商城服务商', '服饰', '2023-06-15 00:00:00', '2023-09-01 00:00:00'],
    ]))

    # rule sets
    write(d, 'rules_not_json.json', '{"schema": "tierlens.rules/1",\n "tiers": [{"id": "base"}, {id: "silver"}]\n}\n')
    write(d, 'rules_unknown_metric.json', '{"schema":"tierlens.rules/1","tiers":[{"id":"base"},{"id":"silver","all":[{"metric":"gmv","value":100}]}]}\n')
    write(d, 'rules_negative_bar.json', '{"schema":"tierlens.rules/1","tiers":[{"id":"base"},{"id":"silver","all":[{"metric":"paid_orders","op":">=","value":-5}]}]}\n')
    write(d, 'rules_fractional_bar.json', '{"schema":"tierlens.rules/1","tiers":[{"id":"base"},{"id":"silver","all":[{"metric":"paid_orders","op":">=","value":9000000.5}]}]}\n')
    write(d, 'rules_1e400.json', '{"schema":"tierlens.rules/1","tiers":[{"id":"base"},{"id":"silver","all":[{"metric":"active_merchants","value":1e400}]}]}\n')
    write(d, 'rules_deep.json', '{"schema":"tierlens.rules/1","tiers":' + '[' * 100000 + ']' * 100000 + '}')
    # 100 MB: a valid rule set padded with 100 MB of blank lines (no rule set is anywhere near that big)
    if not small:
        write_repeated(d, 'rules_100mb.json', b'{"schema":"tierlens.rules/1","tiers":[{"id":"base"}]', b' ' * 63 + b'\n',
                       100 * 1000 * 1000, b'}\n')


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ('-h', '--help'):
        print(__doc__.strip())
        return 2
    d = sys.argv[1]
    if '--list' in sys.argv[2:]:
        import tempfile
        with tempfile.TemporaryDirectory() as t:
            make(t)
            print('\n'.join(sorted(os.listdir(t))))
        return 0
    make(d, small='--small' in sys.argv[2:])
    return 0


if __name__ == '__main__':
    sys.exit(main())
