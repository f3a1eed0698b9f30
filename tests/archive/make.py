#!/usr/bin/env python3
"""Makes archives and workbooks from a folder of CSV exports, with other tools than tierlens's own:
Python's zipfile (Deflate, names in UTF-8 with the flag), gzip, and openpyxl (a real .xlsx writer: shared
strings, date cells with number formats). Used by the browser test (archives) and the CLI test.

  make.py SAMPLE_DIR OUT_DIR   -> OUT_DIR/all.zip, orders.xlsx, orders.csv.gz, damaged.zip
"""
import csv, datetime, gzip, os, shutil, sys, zipfile

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

with zipfile.ZipFile(os.path.join(out, 'all.zip'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('导出/', '')
    for name, inner in (('orders.csv', '导出/订单.csv'), ('bindings.csv', '导出/绑定商家.csv'), ('standards.csv', '导出/行业标准.csv')):
        z.write(os.path.join(src, name), inner)
    z.writestr('__MACOSX/导出/._订单.csv', b'\0\5\26\7')

with open(os.path.join(src, 'orders.csv'), 'rb') as f, gzip.open(os.path.join(out, 'orders.csv.gz'), 'wb') as g:
    shutil.copyfileobj(f, g)

# damaged: one byte of the orders entry's compressed data flipped (the CRC check must catch it)
data = bytearray(open(os.path.join(out, 'all.zip'), 'rb').read())
with zipfile.ZipFile(os.path.join(out, 'all.zip')) as z:
    info = z.getinfo('导出/订单.csv')
    at = info.header_offset + 30 + len(info.filename.encode('utf-8')) + len(info.extra) + info.compress_size // 2
data[at] ^= 0xFF
open(os.path.join(out, 'damaged.zip'), 'wb').write(bytes(data))

try:
    import openpyxl
except ImportError:
    sys.exit(0)   # the caller checks for orders.xlsx and says so

def when(c):
    try:
        return datetime.datetime.strptime(c, '%Y-%m-%d %H:%M:%S')
    except ValueError:
        return None

wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet('订单')
with open(os.path.join(src, 'orders.csv'), encoding='utf-8-sig', newline='') as f:
    for i, row in enumerate(csv.reader(f)):
        cells = []
        for c in row:
            d = when(c) if i else None
            cells.append(d if d else int(c) if i and c.isdigit() and len(c) < 6 else c)
        ws.append(cells)
wb.create_sheet('说明').append(['本文件由系统导出，仅供参考'])
wb.save(os.path.join(out, 'orders.xlsx'))
