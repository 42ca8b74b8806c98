#!/usr/bin/env python3
"""Lays out the payloads RenderPayloads wrote (target/payloads) as HTML pages, roughly as each destination shows them.

A preview of the payload, not the vendor's app: it draws the elements the payload holds (Slack Block Kit blocks, an
Adaptive Card's elements, Jira's Atlassian Document Format nodes) in the destination's usual arrangement, and says so
at the foot of each page. An element it does not know is shown as such, never left out silently. Only the
standard library is used.

    preview.py <payload directory> <output directory>
"""
import html
import json
import re
import sys
from pathlib import Path

FOOT = ('<div class="foot">Preview of the JSON payload DTF sends ({what}), laid out by '
        'docs/images/render/preview.py; not a screenshot of {app}.</div>')

# Slack emoji shortcodes the default templates use, drawn without an emoji font
EMOJI = {
    "red_circle": '<span class="dot" style="background:#dd2e44"></span>',
    "large_green_circle": '<span class="dot" style="background:#78b159"></span>',
    "white_check_mark": '<span class="check">&#10003;</span>',
    "warning": '<span class="warn">&#9888;</span>',
}


def esc(text):
    return html.escape(text, quote=True)


def emoji(text_html):
    return re.sub(r":([a-z0-9_+-]+):", lambda m: EMOJI.get(m.group(1), m.group(0)), text_html)


def mrkdwn(text):
    """Slack's mrkdwn: <url|label> links, `code`, *bold*, _italic_, ~strike~, :emoji:; lines and spaces kept."""
    out = []
    pos = 0
    for m in re.finditer(r"<([^>|]+)(?:\|([^>]*))?>|`([^`]*)`", text):
        out.append(inline_mrkdwn(text[pos:m.start()]))
        if m.group(3) is not None:
            out.append("<code>" + esc(m.group(3)) + "</code>")
        else:
            label = m.group(2) if m.group(2) is not None else m.group(1)
            out.append('<a href="%s">%s</a>' % (esc(m.group(1)), inline_mrkdwn(label)))
        pos = m.end()
    out.append(inline_mrkdwn(text[pos:]))
    return "".join(out)


def inline_mrkdwn(text):
    t = emoji(esc(text))
    t = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<b>\1</b>", t)
    t = re.sub(r"(?<![\w_])_([^_\n]+)_(?![\w_])", r"<i>\1</i>", t)
    t = re.sub(r"(?<![\w~])~([^~\n]+)~(?![\w~])", r"<s>\1</s>", t)
    return t


def slack_block(block):
    kind = block.get("type")
    if kind == "header":
        return '<div class="s-header">%s</div>' % emoji(esc(block["text"]["text"]))
    if kind == "section":
        parts = []
        if "text" in block:
            parts.append('<div class="s-text">%s</div>' % slack_text(block["text"]))
        if "fields" in block:
            parts.append('<div class="s-fields">%s</div>' % "".join(
                '<div class="s-text">%s</div>' % slack_text(f) for f in block["fields"]))
        return '<div class="s-section">%s</div>' % "".join(parts)
    if kind == "context":
        return '<div class="s-context">%s</div>' % "".join(
            "<span>%s</span>" % slack_text(e) for e in block["elements"])
    if kind == "divider":
        return '<hr class="s-divider">'
    if kind == "actions":
        return '<div class="s-actions">%s</div>' % "".join(
            '<span class="s-button">%s</span>' % esc(e.get("text", {}).get("text", "")) for e in block["elements"])
    return '<div class="unknown">[Block Kit block "%s": not drawn by this preview]</div>' % esc(str(kind))


def slack_text(obj):
    return mrkdwn(obj["text"]) if obj.get("type") == "mrkdwn" else emoji(esc(obj["text"]))


def slack(payload):
    blocks = "".join(slack_block(b) for b in payload.get("blocks", []))
    return """<div class="slack">
  <div class="s-channel"># qa-nightly</div>
  <div class="s-message">
    <div class="s-avatar">DTF</div>
    <div class="s-body">
      <div class="s-author"><b>DTF</b> <span class="s-app">APP</span> <span class="s-time">2:13 AM</span></div>
      %s
    </div>
  </div>
  %s
</div>""" % (blocks, FOOT.format(what="chat.postMessage with Block Kit", app="Slack"))


def card_markdown(text):
    """The Markdown an Adaptive Card's TextBlock supports: **bold**, _italic_, [links](url), - lists, nesting."""
    lines = text.split("\n")
    out = []
    depth = []
    for line in lines:
        m = re.match(r"^( *)[-*] (.*)$", line)
        if not m:
            while depth:
                out.append("</ul>")
                depth.pop()
            out.append("<p>%s</p>" % card_inline(line) if line.strip() else "")
            continue
        level = len(m.group(1)) // 2
        while len(depth) < level + 1:
            out.append("<ul>")
            depth.append(level)
        while len(depth) > level + 1:
            out.append("</ul>")
            depth.pop()
        out.append("<li>%s</li>" % card_inline(m.group(2)))
    while depth:
        out.append("</ul>")
        depth.pop()
    return "".join(out)


def card_inline(text):
    t = esc(text)
    t = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', t)
    t = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", t)
    t = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"<i>\1</i>", t)
    return t


CARD_COLORS = {"Attention": "#c4314b", "Good": "#237b4b", "Warning": "#835c00", "Accent": "#5b5fc7"}
CARD_SIZES = {"Small": "12px", "Default": "14px", "Medium": "16px", "Large": "20px", "ExtraLarge": "24px"}


def card_element(element):
    kind = element.get("type")
    if kind == "TextBlock":
        style = ["font-size:%s" % CARD_SIZES.get(element.get("size", "Default"), "14px")]
        if element.get("weight") == "Bolder":
            style.append("font-weight:600")
        if element.get("color") in CARD_COLORS:
            style.append("color:%s" % CARD_COLORS[element["color"]])
        if element.get("isSubtle"):
            style.append("color:#616161")
        if element.get("spacing") == "None":
            style.append("margin-top:0")
        return '<div class="c-text" style="%s">%s</div>' % (";".join(style), card_markdown(element.get("text", "")))
    if kind == "FactSet":
        return '<table class="c-facts">%s</table>' % "".join(
            "<tr><td class=\"c-fact-title\">%s</td><td>%s</td></tr>" % (card_inline(f["title"]), card_inline(f["value"]))
            for f in element.get("facts", []))
    if kind == "ActionSet":
        return '<div class="c-actions">%s</div>' % "".join(card_action(a) for a in element.get("actions", []))
    if kind == "Container":
        return '<div class="c-container">%s</div>' % "".join(card_element(e) for e in element.get("items", []))
    return '<div class="unknown">[Adaptive Card element "%s": not drawn by this preview]</div>' % esc(str(kind))


def card_action(action):
    if action.get("type") == "Action.OpenUrl":
        return '<a class="c-button" href="%s">%s</a>' % (esc(action["url"]), esc(action["title"]))
    return '<span class="unknown">[action "%s"]</span>' % esc(str(action.get("type")))


def teams(payload):
    cards = []
    for attachment in payload.get("attachments", []):
        card = attachment["content"]
        body = "".join(card_element(e) for e in card.get("body", []))
        body += "".join(card_action(a) for a in card.get("actions", []))
        cards.append('<div class="c-card">%s</div>' % body)
    return """<div class="teams">
  <div class="t-channel">QA &rsaquo; Nightly runs</div>
  <div class="t-post">
    <div class="t-avatar">W</div>
    <div class="t-main">
      <div class="t-author"><b>Workflows</b> <span class="t-time">02:13</span></div>
      %s
    </div>
  </div>
  %s
</div>""" % ("".join(cards), FOOT.format(what="an Adaptive Card to a Workflows webhook", app="Microsoft Teams"))


def adf_inline(node):
    kind = node.get("type")
    if kind == "text":
        t = esc(node.get("text", ""))
        for mark in node.get("marks", []):
            m = mark.get("type")
            if m == "code":
                t = "<code>%s</code>" % t
            elif m == "strong":
                t = "<b>%s</b>" % t
            elif m == "em":
                t = "<i>%s</i>" % t
            elif m == "link":
                t = '<a href="%s">%s</a>' % (esc(mark.get("attrs", {}).get("href", "")), t)
        return t
    if kind == "hardBreak":
        return "<br>"
    return '<span class="unknown">[ADF node "%s"]</span>' % esc(str(kind))


def adf_block(node):
    kind = node.get("type")
    content = node.get("content", [])
    if kind == "paragraph":
        return "<p>%s</p>" % "".join(adf_inline(n) for n in content)
    if kind == "codeBlock":
        return '<pre class="j-code">%s</pre>' % "".join(esc(n.get("text", "")) for n in content)
    if kind == "heading":
        level = node.get("attrs", {}).get("level", 2)
        return "<h%d>%s</h%d>" % (level, "".join(adf_inline(n) for n in content), level)
    if kind in ("bulletList", "orderedList"):
        tag = "ul" if kind == "bulletList" else "ol"
        return "<%s>%s</%s>" % (tag, "".join(adf_block(n) for n in content), tag)
    if kind == "listItem":
        return "<li>%s</li>" % "".join(adf_block(n) for n in content)
    if kind == "rule":
        return "<hr>"
    return '<div class="unknown">[ADF node "%s": not drawn by this preview]</div>' % esc(str(kind))


def jira(payload):
    fields = payload["fields"]
    description = fields.get("description")
    if isinstance(description, dict):
        body = "".join(adf_block(n) for n in description.get("content", []))
    else:
        body = "<pre>%s</pre>" % esc(str(description))
    labels = "".join('<span class="j-label">%s</span>' % esc(l) for l in fields.get("labels", []))
    return """<div class="jira">
  <div class="j-crumbs">Projects / <b>%s</b></div>
  <div class="j-columns">
    <div class="j-main">
      <h1>%s</h1>
      <div class="j-heading">Description</div>
      <div class="j-description">%s</div>
    </div>
    <div class="j-side">
      <div class="j-panel">
        <div class="j-panel-title">Details</div>
        <div class="j-row"><span>Issue type</span><b><span class="j-bug"></span>%s</b></div>
        <div class="j-row"><span>Labels</span><div>%s</div></div>
      </div>
    </div>
  </div>
  %s
</div>""" % (esc(fields["project"]["key"]), esc(fields["summary"]), body,
             esc(fields["issuetype"]["name"]), labels,
             FOOT.format(what="POST /rest/api/3/issue, the description in Atlassian Document Format", app="Jira"))


STYLE = """
body { margin: 0; background: #fff; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #1d1c1d; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
a { text-decoration: none; }
.foot { margin: 18px 20px 10px; font-size: 11px; color: #8a8a8a; }
.unknown { color: #a00; font-style: italic; }
.dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; vertical-align: -0.05em; }
.check { display: inline-block; width: 1em; height: 1em; line-height: 1em; text-align: center; background: #78b159;
  color: #fff; border-radius: 3px; font-size: 0.8em; font-weight: bold; }
.warn { color: #e8a317; }

.slack { width: 720px; font-size: 15px; line-height: 1.47; }
.s-channel { padding: 12px 20px; border-bottom: 1px solid #ddd; font-weight: 900; font-size: 18px; }
.s-message { display: flex; padding: 12px 20px 4px; }
.s-avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #2b5797; color: #fff; font-weight: bold;
  font-size: 12px; line-height: 36px; text-align: center; margin-right: 8px; }
.s-body { flex: 1; min-width: 0; }
.s-author b { font-weight: 900; }
.s-app { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; font-weight: bold; }
.s-time { color: #616061; font-size: 12px; }
.s-header { font-weight: 900; font-size: 18px; margin: 4px 0 6px; }
.s-section { margin: 4px 0 8px; }
.s-text { white-space: pre-wrap; word-wrap: break-word; }
.s-text code, .s-context code { color: #e01e5a; background: #f6f6f6; border: 1px solid #e1e1e1; border-radius: 3px; padding: 0 3px; }
.s-text a, .s-context a { color: #1264a3; }
.s-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
.s-context { color: #616061; font-size: 12px; margin: 4px 0; }
.s-context span { margin-right: 10px; }
.s-divider { border: none; border-top: 1px solid #ddd; }
.s-button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: bold; margin-right: 8px; }

.teams { width: 720px; background: #f5f5f5; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 14px; color: #242424; }
.t-channel { background: #fff; padding: 12px 20px; font-weight: bold; font-size: 16px; border-bottom: 1px solid #e0e0e0; }
.t-post { display: flex; padding: 16px 20px 0; }
.t-avatar { flex: none; width: 32px; height: 32px; border-radius: 50%; background: #5b5fc7; color: #fff; text-align: center;
  line-height: 32px; font-weight: bold; margin-right: 10px; }
.t-main { flex: 1; background: #fff; border-radius: 4px; padding: 10px 14px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
.t-author { font-size: 13px; margin-bottom: 8px; }
.t-time { color: #616161; margin-left: 6px; }
.c-card { border: 1px solid #e0e0e0; border-radius: 4px; padding: 14px 16px; }
.c-text { margin-top: 8px; line-height: 1.4; word-wrap: break-word; }
.c-text p { margin: 0; }
.c-text ul { margin: 4px 0; padding-left: 22px; }
.c-facts { margin-top: 10px; border-collapse: collapse; }
.c-facts td { padding: 2px 14px 2px 0; vertical-align: top; }
.c-fact-title { font-weight: 600; }
.c-actions { margin-top: 14px; }
.c-button { display: inline-block; border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 14px; color: #242424;
  font-weight: 600; margin-right: 8px; }
.c-text a { color: #5b5fc7; }

.jira { width: 1000px; font-size: 14px; color: #172b4d; line-height: 1.5; }
.j-crumbs { padding: 14px 24px 0; color: #5e6c84; font-size: 13px; }
.j-columns { display: flex; padding: 0 24px; }
.j-main { flex: 1; min-width: 0; padding-right: 24px; }
.j-main h1 { font-size: 24px; font-weight: 500; margin: 10px 0 18px; overflow-wrap: anywhere; }
.j-heading { font-weight: 600; margin-bottom: 6px; }
.j-description p { margin: 0 0 10px; }
.j-description code { background: #f4f5f7; color: #172b4d; border-radius: 3px; padding: 1px 4px; }
.j-description a { color: #0052cc; }
.j-code { background: #f4f5f7; border-radius: 3px; padding: 8px 12px; font-family: "DejaVu Sans Mono", monospace;
  font-size: 12px; white-space: pre; tab-size: 4; overflow: hidden; margin: 0 0 10px; }
.j-side { flex: none; width: 280px; margin-top: 12px; }
.j-panel { border: 1px solid #dfe1e6; border-radius: 3px; }
.j-panel-title { font-weight: 600; padding: 10px 12px; border-bottom: 1px solid #dfe1e6; }
.j-row { display: flex; padding: 8px 12px; font-size: 13px; }
.j-row > span { width: 90px; flex: none; color: #5e6c84; }
.j-bug { display: inline-block; width: 12px; height: 12px; background: #e5493a; border-radius: 2px; margin-right: 6px;
  vertical-align: -1px; }
.j-label { display: inline-block; background: #f4f5f7; border-radius: 3px; padding: 0 5px; margin: 0 4px 4px 0; font-size: 12px; }
"""

# render.sh opens a page with ?measure to learn its height (written into the title) before the screenshot
MEASURE = ("if (location.search === '?measure') "
           "document.title = Math.ceil(document.documentElement.getBoundingClientRect().height);")

PAGES = {"slack": slack, "teams": teams, "jira": jira}


def main():
    payloads, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in PAGES.items():
        payload = json.loads((payloads / (name + ".json")).read_text(encoding="utf-8"))
        page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title></title><style>%s</style></head>'
                '<body>%s<script>%s</script></body></html>' % (STYLE, draw(payload), MEASURE))
        (out / (name + ".html")).write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
