"""Checks of an rgx report (tests/shell/report_browser.sh).

    report_check.py static REPORT.html NCMD NFIG TITLE
        the page alone: self-contained (no script, no event handler, no
        external resource: every src is a data: image, every href an
        anchor of the page), the expected sections (contents, inputs,
        journal, c1..cNCMD, each linked from the contents), the title, and
        every embedded figure decodes: a PNG's signature, chunk CRCs, IHDR
        first, IEND last and its IDAT inflating to the image's size; an
        SVG parsing as XML with an <svg> root.  NFIG: the number of
        figures expected.
    report_check.py dom DUMPED.html NCMD NFIG
        the DOM Chromium built after loading the page (--dump-dom): the
        same sections and images, and no script element but the test's
        own (id rgx-test, see imgcheck).
    report_check.py imgcheck DUMPED.html NFIG
        the DOM of a copy of the page with a test-only script that, on
        load, writes every <img>'s natural width and height into
        body[data-imgcheck]: each decoded in the browser (width > 0).
    report_check.py hostile REPORT.html DUMPED.html
        a report of a table whose names and cells are markup, quotes,
        ampersands and control characters: no element or attribute came
        from the data, and the texts show as text.
Prints what failed and exits 1; prints "ok: …" otherwise."""
import base64, html.parser, re, struct, sys, xml.etree.ElementTree as ET, zlib

fails = []


def fail(msg):
    fails.append(msg)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []          # (tag, attrs dict)
        self.text = []
        self.ids = set()
        self.hrefs = []
        self.imgs = []          # src
        self.in_title = self.in_h1 = False
        self.title = self.h1 = ""
        self.body_attrs = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag == "body":
            self.body_attrs = a

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        self.text.append(data)
        if self.in_title:
            self.title += data
        if self.in_h1:
            self.h1 += data


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


def png_ok(data, where):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return fail(f"{where}: not a PNG signature")
    pos, chunks, idat = 8, [], b""
    while pos < len(data):
        if pos + 8 > len(data):
            return fail(f"{where}: a chunk is cut short")
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = data[pos + 8 + n:pos + 12 + n]
        if len(body) != n or len(crc) != 4:
            return fail(f"{where}: chunk {kind} is cut short")
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + body) & 0xFFFFFFFF:
            return fail(f"{where}: chunk {kind} has a bad CRC")
        chunks.append((kind, body))
        if kind == b"IDAT":
            idat += body
        pos += 12 + n
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        return fail(f"{where}: IHDR is not first or IEND not last")
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if not w or not h or not channels or interlace:
        return fail(f"{where}: unexpected IHDR {w}x{h} colour {colour} interlace {interlace}")
    want = h * (1 + (w * channels * depth + 7) // 8)
    try:
        got = len(zlib.decompress(idat))
    except zlib.error as e:
        return fail(f"{where}: IDAT does not inflate: {e}")
    if got != want:
        fail(f"{where}: IDAT inflates to {got} bytes, expected {want} for {w}x{h}")
    return True


def svg_ok(data, where):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return fail(f"{where}: the SVG does not parse: {e}")
    if not root.tag.endswith("svg"):
        fail(f"{where}: the SVG's root is {root.tag}")
    return True


def check_images(p, nfig, label):
    if len(p.imgs) != nfig:
        fail(f"{label}: {len(p.imgs)} images, expected {nfig}")
    for k, src in enumerate(p.imgs):
        m = re.match(r"data:image/(png|svg\+xml);base64,([A-Za-z0-9+/=]*)$", src)
        if not m:
            fail(f"{label}: image {k + 1} is not an embedded PNG or SVG: {src[:60]}")
            continue
        try:
            data = base64.b64decode(m.group(2), validate=True)
        except Exception as e:
            fail(f"{label}: image {k + 1}: bad base64: {e}")
            continue
        (png_ok if m.group(1) == "png" else svg_ok)(data, f"{label} image {k + 1}")


def check_self_contained(p, label):
    for tag, a in p.tags:
        if tag in ("script", "link", "iframe", "object", "embed", "base", "meta") and not (
                tag == "meta" and set(a) <= {"charset", "name", "content"}):
            fail(f"{label}: a <{tag}> element {a}")
        for k, v in a.items():
            if k.startswith("on"):
                fail(f"{label}: an event handler {k}= on <{tag}>")
            if k in ("src", "href", "action", "poster", "srcset") and not (
                    (k == "href" and v.startswith("#")) or v.startswith("data:image/")):
                fail(f"{label}: <{tag} {k}={v[:60]}> points outside the page")
            if k == "style" and "url(" in v:
                fail(f"{label}: a style with url()")


def check_sections(p, ncmd, label):
    want = {"contents", "inputs", "journal"} | {f"c{i}" for i in range(1, ncmd + 1)}
    missing = want - p.ids
    if missing:
        fail(f"{label}: sections missing: {sorted(missing)[:8]}")
    extra = {i for i in p.ids if re.fullmatch(r"c\d+", i)} - want
    if extra:
        fail(f"{label}: more command sections than {ncmd}: {sorted(extra)[:5]}")
    for i in want - {"contents"}:
        if "#" + i not in p.hrefs:
            fail(f"{label}: the contents do not link #{i}")


def main():
    mode = sys.argv[1]
    if mode == "static":
        path, ncmd, nfig, title = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        p = parse(path)
        check_self_contained(p, "page")
        check_sections(p, ncmd, "page")
        check_images(p, nfig, "page")
        if p.title != title or p.h1 != title:
            fail(f"page: title {p.title!r} / h1 {p.h1!r}, expected {title!r}")
        raw = open(path, encoding="utf-8").read()
        if re.search(r"@import|https?://(?!www\.w3\.org/)", raw):
            fail("page: an @import or an http(s) address (other than SVG's namespaces)")
        if "@media print" not in raw or "@media (max-width" not in raw or 'name="viewport"' not in raw:
            fail("page: the print or phone rules are missing")
    elif mode == "dom":
        path, ncmd, nfig = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        p = parse(path)
        check_sections(p, ncmd, "DOM")
        check_images(p, nfig, "DOM")
        if any(t == "script" and a.get("id") != "rgx-test" for t, a in p.tags):
            fail("DOM: a script element (other than the test's own)")
    elif mode == "imgcheck":
        path, nfig = sys.argv[2], int(sys.argv[3])
        p = parse(path)
        res = p.body_attrs.get("data-imgcheck")
        if res is None:
            fail("imgcheck: the test script did not run (no data-imgcheck)")
        else:
            sizes = [s for s in res.split(";") if s]
            if len(sizes) != nfig:
                fail(f"imgcheck: {len(sizes)} images in the browser, expected {nfig}")
            for k, s in enumerate(sizes):
                w, h = (int(x) for x in s.split("x"))
                if w <= 0 or h <= 0:
                    fail(f"imgcheck: image {k + 1} did not decode in the browser ({s})")
    elif mode == "hostile":
        path, dom = sys.argv[2], sys.argv[3]
        for label, f in (("page", path), ("DOM", dom)):
            p = parse(f)
            check_self_contained(p, label)
            text = "".join(p.text)
            for want in ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "R&D", "it's"):
                if want not in text:
                    fail(f"{label}: the text {want!r} does not show as text")
            if "\x1b" in text or "\x07" in text:
                fail(f"{label}: a control character reached the page")
            if p.title != '<b>"Hostile" & \'co\'</b>':
                fail(f"{label}: the title is {p.title!r}")
            check_images(p, 2, label)   # a PNG and an SVG whose texts hold <script>
    if fails:
        for f in fails[:30]:
            print("FAIL:", f)
        sys.exit(1)
    print("ok:", " ".join(sys.argv[1:2]), sys.argv[2])


main()
