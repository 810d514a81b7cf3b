#!/usr/bin/env python3
"""Build examples/reports/ngo-report-2020.pdf using only the standard library.

The PDF is written by hand: a Catalog, a Pages tree, one Page per page, two
standard Type1 fonts (Helvetica and Helvetica-Bold, WinAnsiEncoding), an Info
dictionary and one uncompressed content stream per page. Every piece of text is
drawn with its own BT ... Td ... Tj ... ET block so that the text layer can be
extracted page by page. The output is byte-for-byte reproducible: there is no
timestamp from the clock and the trailer /ID is derived from the file body.

The organisation and every figure in the report are fictional example data
written for the dadkhah project. Real public figures quoted for context
(Amnesty International's 304, Reuters' about 1,500) are attributed as such.

Usage:
    python3 examples/tools/make_report_pdf.py [output.pdf]
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN_L, MARGIN_R = 64, 64
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R

# Advance widths of Helvetica for ASCII 32..126 (Adobe standard metrics, 1/1000 em).
# fmt: off
_HELV = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
# fmt: on


def text_width(s: str, size: float, bold: bool = False) -> float:
    w = sum(_HELV[ord(c) - 32] for c in s)
    if bold:
        w *= 1.07  # close enough to Helvetica-Bold for line breaking
    return w * size / 1000.0


def wrap(s: str, size: float, width: float = TEXT_W, bold: bool = False) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in s.split():
        cand = word if not cur else cur + " " + word
        if text_width(cand, size, bold) <= width:
            cur = cand
        else:
            if cur:
                lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def pdf_string(s: str) -> str:
    for c in s:
        if not 32 <= ord(c) <= 126:
            raise ValueError(f"non-ASCII character {c!r} in {s!r}")
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


class Page:
    """Collects drawing operators for one page; y runs downwards from the top."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.y = PAGE_H - 60

    def text(self, x: float, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        font = "/F2" if bold else "/F1"
        self.ops.append(f"BT {font} {size:g} Tf {x:.2f} {y:.2f} Td {pdf_string(s)} Tj ET")

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6) -> None:
        self.ops.append(f"{width:g} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def fill_rect(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        self.ops.append(f"q {grey:g} g {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f Q")

    # flowing text helpers ------------------------------------------------
    def skip(self, pts: float) -> None:
        self.y -= pts

    def heading(self, s: str, size: float = 12) -> None:
        self.skip(size * 0.6)
        self.text(MARGIN_L, self.y, s, size, bold=True)
        self.skip(size * 1.5)

    def para(self, s: str, size: float = 10, leading: float = 13.5, indent: float = 0) -> None:
        for line in wrap(s, size, TEXT_W - indent):
            self.text(MARGIN_L + indent, self.y, line, size)
            self.skip(leading)
        self.skip(leading * 0.45)

    def bullet(self, s: str, size: float = 10, leading: float = 13.5) -> None:
        lines = wrap(s, size, TEXT_W - 14)
        for i, line in enumerate(lines):
            if i == 0:
                self.text(MARGIN_L + 2, self.y, "-", size)
            self.text(MARGIN_L + 14, self.y, line, size)
            self.skip(leading)
        self.skip(2)

    def stream(self) -> bytes:
        return ("\n".join(self.ops) + "\n").encode("ascii")


REPORT_ID = "GRO/BP/2020-02"
ORG = "Gulf Rights Observatory"


def running_header_footer(page: Page, number: int, total: int) -> None:
    page.text(MARGIN_L, PAGE_H - 36, f"{ORG}  |  Briefing Paper {REPORT_ID}", 8)
    page.text(PAGE_W - MARGIN_R - text_width("15 March 2020", 8), PAGE_H - 36, "15 March 2020", 8)
    page.rule(MARGIN_L, PAGE_H - 42, PAGE_W - MARGIN_R, PAGE_H - 42, 0.5)
    page.rule(MARGIN_L, 52, PAGE_W - MARGIN_R, 52, 0.5)
    page.text(MARGIN_L, 40, "www.gulfrights.example  -  For public release", 8)
    footer = f"Page {number} of {total}"
    page.text(PAGE_W - MARGIN_R - text_width(footer, 8), 40, footer, 8)


# (province, confirmed, unconfirmed range, minors, main locations)
TABLE = [
    ("Tehran", "62", "15-20", "4", "Shahriar, Eslamshahr, Tehran city"),
    ("Khuzestan", "57", "20-25", "3", "Mahshahr, Behbahan, Ahvaz"),
    ("Kermanshah", "31", "8-10", "2", "Kermanshah city, Javanrud"),
    ("Fars", "29", "10-12", "3", "Shiraz (Sadra), Kazerun"),
    ("Alborz", "18", "5", "1", "Karaj"),
    ("Isfahan", "14", "3-5", "0", "Isfahan city, Shahinshahr"),
    ("Kurdistan", "11", "2-4", "1", "Marivan, Sanandaj"),
    ("Kerman", "9", "2", "0", "Sirjan"),
    ("West Azerbaijan", "7", "1-2", "0", "Urmia"),
    ("Other (5 provinces)", "12", "4-5", "1", "various"),
]
TOTAL = ("Total (14 provinces)", "250", "70-90", "15", "")
COLS = [MARGIN_L + 4, MARGIN_L + 132, MARGIN_L + 198, MARGIN_L + 276, MARGIN_L + 330]
HEAD = ("Province", "Confirmed", "Unconfirmed", "Minors", "Main locations")


def check_table() -> None:
    assert sum(int(r[1]) for r in TABLE) == int(TOTAL[1])
    assert sum(int(r[3]) for r in TABLE) == int(TOTAL[3])
    lo = sum(int(r[2].split("-")[0]) for r in TABLE)
    hi = sum(int(r[2].split("-")[-1]) for r in TABLE)
    assert f"{lo}-{hi}" == TOTAL[2], (lo, hi)


def page_one() -> Page:
    p = Page()
    p.y = PAGE_H - 92
    p.text(MARGIN_L, p.y, "Killed in Four Days:", 20, bold=True)
    p.skip(25)
    p.text(MARGIN_L, p.y, "Documented Deaths in the November 2019 Protests in Iran", 15, bold=True)
    p.skip(20)
    p.text(MARGIN_L, p.y, "Interim findings - Briefing Paper " + REPORT_ID + " - 15 March 2020", 10)
    p.skip(26)

    p.heading("Summary")
    p.para(
        "Protests broke out across Iran on 15 November 2019, hours after the government "
        "raised the price of petrol and introduced rationing. Over the next four days security "
        "forces used live ammunition against protesters and bystanders in cities and towns in at "
        "least 14 provinces. From the evening of 16 November the country was cut off from the "
        "internet for about a week, which delayed and obstructed documentation."
    )
    p.para(
        "As of 15 March 2020 the Gulf Rights Observatory (GRO) has confirmed the identities of "
        "250 people killed in connection with the protests. A further 70 to 90 deaths have been "
        "reported to us but not yet confirmed by a second independent source. Our count is "
        "therefore a minimum. It is below the figure of at least 304 deaths published by Amnesty "
        "International on 16 December 2019, and far below the figure of about 1,500 that Reuters "
        "reported on 23 December 2019, citing officials at the interior ministry. The Iranian "
        "authorities have not published an overall death toll."
    )

    p.heading("Table 1. Deaths by province, as of 15 March 2020", 11)
    top = p.y + 12
    p.fill_rect(MARGIN_L, top - 17, TEXT_W, 17, 0.88)
    for x, h in zip(COLS, HEAD, strict=True):
        p.text(x, top - 12, h, 9, bold=True)
    p.rule(MARGIN_L, top - 17, PAGE_W - MARGIN_R, top - 17, 0.6)
    y = top - 31
    for row in TABLE:
        for x, cell in zip(COLS, row, strict=True):
            p.text(x, y, cell, 9)
        y -= 15
    p.rule(MARGIN_L, y + 10, PAGE_W - MARGIN_R, y + 10, 0.6)
    y -= 3
    for x, cell in zip(COLS, TOTAL, strict=True):
        if cell:
            p.text(x, y, cell, 9, bold=True)
    p.rule(MARGIN_L, y - 6, PAGE_W - MARGIN_R, y - 6, 0.6)
    p.y = y - 22
    p.para(
        "Confirmed: name, place and date corroborated by two independent sources. Unconfirmed: "
        "reported by a single source; shown as a range. Minors: confirmed victims under 18.",
        size=8,
        leading=10.5,
    )
    return p


def page_two() -> Page:
    p = Page()
    p.y = PAGE_H - 80
    p.heading("Profile of the confirmed victims")
    p.bullet("Sex: 231 men and boys, 19 women and girls.")
    p.bullet(
        "Age: 15 of the confirmed victims were under 18; the youngest was 13 and the oldest 62."
    )
    p.bullet(
        "Date of death: 16 November - 104; 17 November - 78; 18 November - 49; "
        "19 November - 12; date not established - 7."
    )
    p.bullet(
        "Cause of death: gunshot wounds in 236 cases, most of them to the head or chest; "
        "the cause is not yet known in 14 cases."
    )
    p.bullet(
        "Mahshahr, Khuzestan: 14 deaths confirmed for 18 November near the Chamran junction "
        "and the adjoining marshes. Local sources speak of dozens more; some estimates run as "
        "high as 100."
    )
    p.skip(4)

    p.heading("Methodology")
    p.para(
        "GRO records a death as confirmed only when the full name of the victim and the place "
        "and approximate date of death are corroborated by at least two independent sources, "
        "one of which must be a relative, an eyewitness, or a medical or burial document. Our "
        "sources include 143 interviews with relatives and witnesses conducted by secure voice "
        "call, death certificates and burial records shared by families, and photographs and "
        "videos that our team has geolocated and dated. Cases that rest on a single source, "
        "including social media posts we could not verify, are counted as unconfirmed. We "
        "compared our list with lists published by other organisations and merged records that "
        "referred to the same person under different spellings, transliterations or Solar "
        "Hijri and Gregorian dates. The names of witnesses are withheld for their protection."
    )

    p.heading("Limitations")
    p.para(
        "Many families have been pressed by the security services not to speak, to bury their "
        "relatives quickly or at night, and to describe them as members of the Basij. Hospitals "
        "and coroners have not released records. The true number of deaths is therefore very "
        "likely to be higher than the figures in this paper, and the distribution by province "
        "partly reflects where we have contacts rather than where killings took place."
    )

    p.heading("Recommendations")
    p.bullet(
        "The authorities should publish the names of everyone killed and the circumstances "
        "of each death."
    )
    p.bullet("Families must be allowed to mourn publicly without arrest or harassment.")
    p.bullet(
        "The UN Human Rights Council should establish an independent inquiry into the use of "
        "lethal force in November 2019."
    )
    p.skip(10)
    p.para(
        "Contact: research@gulfrights.example. "
        "This briefing will be updated as cases are confirmed.",
        size=9,
        leading=12,
    )
    p.text(
        MARGIN_L,
        64,
        "Example data: the Gulf Rights Observatory and its figures are fictional "
        "(dadkhah test corpus).",
        7,
    )
    return p


def build_pdf(pages: list[Page]) -> bytes:
    n = len(pages)
    # object numbers: 1 Catalog, 2 Pages, 3 F1, 4 F2, 5 Info, then (page, content) pairs
    objs: dict[int, bytes] = {}
    page_ids = [6 + 2 * i for i in range(n)]
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objs[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode("ascii")
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[4] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    info = {
        "Title": "Killed in Four Days: Documented Deaths in the November 2019 Protests in Iran",
        "Author": ORG,
        "Subject": "Briefing Paper " + REPORT_ID + " (fictional example data for dadkhah)",
        "Keywords": "Iran, November 2019, Aban 1398, protests, death toll",
        "Creator": "examples/tools/make_report_pdf.py",
        "Producer": "dadkhah example generator (Python standard library)",
        "CreationDate": "D:20200315100000Z",
        "ModDate": "D:20200315100000Z",
    }
    objs[5] = ("<< " + " ".join(f"/{k} {pdf_string(v)}" for k, v in info.items()) + " >>").encode(
        "ascii"
    )
    for i, page in enumerate(pages):
        pid, cid = page_ids[i], page_ids[i] + 1
        objs[pid] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {cid} 0 R >>"
        ).encode("ascii")
        data = page.stream()
        objs[cid] = f"<< /Length {len(data)} >>\nstream\n".encode("ascii") + data + b"endstream"

    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode("ascii") + objs[num] + b"\nendobj\n"
    xref_pos = len(out)
    size = max(objs) + 1
    out += f"xref\n0 {size}\n".encode("ascii")
    out += b"0000000000 65535 f \n"
    for num in range(1, size):
        out += f"{offsets[num]:010d} 00000 n \n".encode("ascii")
    file_id = hashlib.md5(bytes(out)).hexdigest()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info 5 0 R /ID [<{file_id}> <{file_id}>] >>\n"
        f"startxref\n{xref_pos}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)


def main(argv: list[str]) -> int:
    check_table()
    default = Path(__file__).resolve().parent.parent / "reports" / "ngo-report-2020.pdf"
    target = Path(argv[1]) if len(argv) > 1 else default
    pages = [page_one(), page_two()]
    for number, page in enumerate(pages, start=1):
        running_header_footer(page, number, len(pages))
        if page.y < 70:
            raise SystemExit(f"page {number} overflows (y={page.y:.1f})")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_pdf(pages))
    print(f"wrote {target} ({target.stat().st_size} bytes, {len(pages)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
