#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Checks of the --html report for tests/suites/html.sh, on the DOM a real
browser rendered (chromium --dump-dom) or on the files as written.

  check.py index DOM JSON [RULE]   the index lists every finding of JSON
                                   (with RULE: the rows shown are those)
  check.py page DOM JSON N [EXPLAIN]
                                   page N shows finding N of JSON (and
                                   the headings of its --explain text)
  check.py links DIR               every link is relative and resolves
Prints one line per problem; exit status 1 if there is any.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    """Elements as (tag, attrs, text), with rows and their cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.elems = []

    def handle_starttag(self, tag, attrs):
        e = {"tag": tag, "attrs": dict(attrs), "text": "", "kids": []}
        if self.stack:
            self.stack[-1]["kids"].append(e)
        self.elems.append(e)
        if tag not in ("meta", "link", "br", "input", "img"):
            self.stack.append(e)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for e in self.stack:
            e["text"] += data


def parse(path):
    d = Dom()
    with open(path, encoding="utf-8") as f:
        d.feed(f.read())
    return d


def classes(e):
    return e["attrs"].get("class", "").split()


def fail(msg):
    print(msg)
    fail.count += 1


fail.count = 0


def check_index(dom_path, json_path, rule=None):
    dom = parse(dom_path)
    findings = json.load(open(json_path))["findings"]
    rows = [e for e in dom.elems if e["tag"] == "tr" and
            "finding" in classes(e)]
    if rule:
        rows = [r for r in rows if "hidden" not in r["attrs"]]
        findings = [f for f in findings if f["rule"] == rule]
    got = sorted((r["attrs"]["data-rule"], r["attrs"]["data-sev"],
                  r["kids"][2]["text"]) for r in rows)
    want = sorted((f["rule"], f["severity"], "%s:%d" % (f["file"], f["line"]))
                  for f in findings)
    if got != want:
        fail("index rows %s, want %s" % (got, want))
    if not want:
        fail("no findings to compare")


def rows_of(dom):
    return [e for e in dom.elems if e["tag"] == "tr"]


def check_marks(rows, f):
    """Each step's bubble, and the finding's, under its own line."""
    marks = [("!", f["line"])] + [(str(i + 1), r["line"])
                                  for i, r in enumerate(f["related"])]
    for label, line in marks:
        ok = False
        last = None
        for r in rows:
            if "id" in r["attrs"]:
                last = r["attrs"]["id"]
            if "ann" not in classes(r):
                continue
            b = [e for e in walk(r) if "bubble" in classes(e)]
            if b and b[0]["text"] == label and last is not None and \
               re.fullmatch(r"(F\d+)?L%d" % line, last):
                ok = True
        if not ok:
            fail("mark %s is not under line %d" % (label, line))


def walk(e):
    yield e
    for k in e["kids"]:
        yield from walk(k)


def check_source(rows, f):
    """The lines shown are the file's lines, as text."""
    src = open(f["file"], encoding="utf-8", errors="replace").read()
    lines = src.split("\n")
    n = 0
    for r in rows:
        m = re.fullmatch(r"L(\d+)", r["attrs"].get("id", ""))
        if not m:
            continue
        code = [k for k in r["kids"] if "code" in classes(k)][0]["text"]
        if code != lines[int(m.group(1)) - 1].rstrip("\r"):
            fail("line %s shows %r" % (m.group(1), code))
        n += 1
    if n == 0:
        fail("no source lines")


def check_doc(dom, explain_path):
    """The rule's page is there: each of --explain's headings, in order."""
    want = [re.sub(r"[`*]", "", l.lstrip("#").strip())
            for l in open(explain_path, encoding="utf-8")
            if l.startswith("#")]
    got = [e["text"] for e in dom.elems if e["tag"] in ("h3", "h4", "h5")
           and e in walk_doc(dom)]
    if not want or got != want:
        fail("rule documentation headings %s, want %s" % (got, want))


def walk_doc(dom):
    docs = [e for e in dom.elems if "doc" in classes(e)]
    return list(walk(docs[0])) if docs else []


def check_page(dom_path, json_path, n, explain=None):
    dom = parse(dom_path)
    f = json.load(open(json_path))["findings"][n - 1]
    rows = rows_of(dom)
    check_marks(rows, f)
    check_source(rows, f)
    if [e for e in dom.elems if e["tag"] == "script"]:
        fail("a <script> element on a finding page")
    title = [e for e in dom.elems if e["tag"] == "title"][0]["text"]
    if title != "[%s] %s:%d" % (f["rule"], f["file"], f["line"]):
        fail("title %r" % title)
    diff = [e for e in dom.elems if e["tag"] == "pre" and
            "diff" in classes(e)]
    if f["fix"]:
        if not diff or diff[0]["text"] != f["fix"]:
            fail("the patch is not the fix")
    else:
        nofix = [e for e in dom.elems if "nofix" in classes(e)]
        if diff or not nofix or (f["fix_note"] and
                                 f["fix_note"] not in nofix[0]["text"]):
            fail("no fix, and the page does not say why")
    for e in dom.elems:
        if e["tag"] == "h1" and f["message"] not in e["text"]:
            fail("the heading lacks the message")
    if explain:
        check_doc(dom, explain)


def check_links(top):
    for name in sorted(os.listdir(top)):
        if not name.endswith(".html"):
            continue
        dom = parse(os.path.join(top, name))
        ids = {}
        for e in dom.elems:
            for attr in ("href", "src"):
                url = e["attrs"].get(attr)
                if url is None:
                    continue
                if re.match(r"[a-z]+:|/", url):
                    fail("%s: %s=%s is not relative" % (name, attr, url))
                    continue
                page, _, frag = url.partition("#")
                page = page.partition("?")[0]
                page = page or name
                path = os.path.join(top, page)
                if not os.path.isfile(path):
                    fail("%s: %s leads nowhere" % (name, url))
                    continue
                if frag and page.endswith(".html"):
                    if page not in ids:
                        ids[page] = {x["attrs"]["id"] for x in
                                     parse(path).elems if "id" in x["attrs"]}
                    if frag not in ids[page]:
                        fail("%s: %s names no element" % (name, url))


def main():
    cmd = sys.argv[1]
    if cmd == "index":
        check_index(*sys.argv[2:5])
    elif cmd == "page":
        check_page(sys.argv[2], sys.argv[3], int(sys.argv[4]),
                   sys.argv[5] if len(sys.argv) > 5 else None)
    elif cmd == "links":
        check_links(sys.argv[2])
    sys.exit(1 if fail.count else 0)


main()
