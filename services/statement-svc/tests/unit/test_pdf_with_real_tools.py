"""The golden statement checked with real PDF tools (qpdf, poppler): the file is valid, the
text a reader's tool extracts carries the ledger's figures to the cent, and page 1 renders.

Page 1 is written to ``.local/artifacts/statement-page1.png`` (gitignored) to be looked at.
``deploy/local/bin/bootstrap.sh`` installs the tools; without them the test is skipped.
"""

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from remit_statement.adapters.rendering.pdf import render_pdf
from remit_statement.domain.statement import CurrencySection
from test_rendering import FIRM
from test_statement_golden import statement

TOOLS = ("qpdf", "pdftotext", "pdftoppm")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"PDF tools not installed: {', '.join(MISSING)} "
    "(apt-get install qpdf poppler-utils, or run deploy/local/bin/bootstrap.sh)",
)
ARTIFACTS = Path(__file__).resolve().parents[4] / ".local" / "artifacts"
AMOUNT = re.compile(r"-?[€$]-?[\d,]+\.\d{2}")


def _minor(text: str) -> int:
    return int(Decimal(text.replace("€", "").replace("$", "").replace(",", "")) * 100)


def _amounts(line: str) -> list[int]:
    return [_minor(m) for m in AMOUNT.findall(line)]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:  # noqa: ANN001
    path = tmp_path_factory.mktemp("pdf") / "statement.pdf"
    path.write_bytes(render_pdf(statement(), FIRM)[0])
    return path


def test_qpdf_finds_no_errors(pdf_file):
    result = _run("qpdf", "--check", str(pdf_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def _sections(text: str) -> dict[str, list[str]]:
    """The extracted lines of each currency's section, by currency."""
    parts = re.split(r"^\s*Account in ([A-Z]{3})\s*$", text, flags=re.M)
    return {cur: body.splitlines() for cur, body in zip(parts[1::2], parts[2::2], strict=True)}


def _after(lines: list[str], header: str) -> list[int]:
    """The amounts on the first line after the table header that starts with ``header``."""
    i = next(n for n, line in enumerate(lines) if line.strip().startswith(header))
    return _amounts(lines[i + 1])


def _check_section(cur: str, lines: list[str], sec: CurrencySection) -> None:
    summary = _after(lines, "Opening balance")
    assert summary == [
        m.amount_minor
        for m in (sec.opening, sec.invoiced, sec.paid, sec.reversed, sec.credited, sec.closing)
    ], cur
    # The activity table: every running balance follows from the previous one, to the cent.
    # Amounts are right-aligned under their column, so where one ends says which column it
    # is in (the header line is re-read on every page it repeats on).
    balance, rows, charges_end, credits_end = None, 0, 0, 0
    for line in lines[next(n for n, x in enumerate(lines) if x.strip().startswith("Date")) :]:
        if line.strip().startswith("Date"):
            charges_end = line.index("Charges") + len("Charges")
            credits_end = line.index("Paid / credited") + len("Paid / credited")
            continue
        found = list(AMOUNT.finditer(line))
        if not found:
            continue
        running = _minor(found[-1].group())
        if "Opening balance" in line:
            balance = running
            assert balance == sec.opening.amount_minor
            continue
        if "Closing balance" in line:
            assert running == balance == sec.closing.amount_minor, cur
            break
        (move,) = found[:-1]
        amount = _minor(move.group())
        is_credit = abs(move.end() - credits_end) < abs(move.end() - charges_end)
        balance += -amount if is_credit else amount
        assert running == balance, (cur, line)
        rows += 1
    assert rows == len(sec.lines), cur
    ages = sec.aging.as_dict()
    assert _after(lines, "Current") == [
        ages[k].amount_minor
        for k in ("current", "1-30", "31-60", "61-90", "90+", "credit", "total")
    ], cur


def test_extracted_text_reconciles_with_the_ledger_to_the_cent(pdf_file):
    result = _run("pdftotext", "-layout", "-enc", "UTF-8", str(pdf_file), "-")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    st = statement()
    sections = _sections(text)
    assert sorted(sections) == [s.currency for s in st.sections] == ["EUR", "USD"]
    for sec in st.sections:
        _check_section(sec.currency, sections[sec.currency], sec)
    due = [_minor(m) for m in re.findall(r"Amount due: ([€$][\d,]+\.\d{2})", text)]
    assert due == [s.amount_due.amount_minor for s in st.sections] == [50_000, 115_000]
    pages = text.count("\f") + (0 if text.endswith("\f") else 1)
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text


def test_page_one_renders_to_png(pdf_file):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / "statement-page1"
    result = _run(
        "pdftoppm",
        "-png",
        "-r",
        "100",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(pdf_file),
        str(stem),
    )
    assert result.returncode == 0, result.stderr
    png = stem.with_suffix(".png")
    from PIL import Image

    with Image.open(png) as img:
        gray = img.convert("L")
        width, height = gray.size
        inked = sum(gray.histogram()[:200]) / (width * height)
    assert (width, height) == (850, 1100)  # Letter at 100 dpi
    assert 0.02 < inked < 0.5, f"page 1 looks blank or black ({inked:.1%} inked)"
