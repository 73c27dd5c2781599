"""The insights report as one self-contained HTML page: headings, a one-line takeaway per section,
Plotly charts (plotly.js inlined, so the page works offline) and tables."""

from __future__ import annotations

import html
import json

VALENCE_AXIS = "user valence (−1 negative … +1 positive)"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#393b79", "#637939")
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:1.7rem;margin:.2em 0}h2{font-size:1.3rem;margin-top:2.2em;border-bottom:2px solid #dde2ea;padding-bottom:.25em}
h3{font-size:1.05rem;margin:1.4em 0 .4em}
.takeaway{background:#fff;border-left:5px solid #3b6fd8;padding:10px 14px;margin:10px 0 14px;font-size:1.05rem}
.warning{border-left-color:#d08a00;background:#fff8e8}
.muted{color:#5b6475;font-size:.92rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 14px;font-size:.92rem}
th,td{border:1px solid #dde2ea;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f6}td.num{text-align:right;white-space:nowrap}
.chart{background:#fff;border:1px solid #dde2ea;margin:8px 0}
ul.findings li{margin:.35em 0}
details{margin:.3em 0}summary{cursor:pointer;color:#2b5bb8}
.quote{font-style:italic}
"""


def render(data: dict) -> str:
    from empathic.errors import require

    get_plotlyjs = require("plotly.offline", "insights", "plotly").get_plotlyjs

    summary = data["summary"]
    tips = takeaways(data)
    body = ["<h1>Conversation insights</h1>",
            f"<p class=muted>{summary['conversations']:,} conversations from {_e(data['input']['source'])}; "
            f"{summary['user_turns']:,} user turns, analysed in {_e(summary['seconds'])} s; generated "
            f"{_e(summary['generated'])} by empathic {_e(summary['version'])}.</p>",
            "<p class=muted><b>How to read it.</b> Every user turn gets a <b>valence</b> from the text emotion "
            "model: how positive or negative the words read, from −1 (very negative) to +1 (very positive). "
            "These are estimates of expressed emotion, not of what a person feels.</p>",
            _input_box(data["input"]),
            "<h2 id=findings>Key findings</h2><ul class=findings>",
            *[f"<li><b>{_e(name)}:</b> {_e(text)}</li>" for name, text in tips.items()], "</ul>",
            _arcs(data["arcs"], tips["Emotional arcs"]),
            _topics(data["topics"], tips["Negative topics"]),
            _escalations(data["escalations"], tips["Escalations"]),
            _strategies(data["strategies"], tips["Strategies"]),
            "<h2 id=method>Method and caveats</h2><ul>", *[f"<li>{_e(n)}</li>" for n in data["notes"]], "</ul>"]
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            "content='width=device-width,initial-scale=1'><title>Conversation insights</title>"
            f"<style>{CSS}</style><script>{get_plotlyjs()}</script></head><body><main>"
            + "\n".join(body) + "</main></body></html>")


# --- takeaways ---------------------------------------------------------------------------------
def takeaways(data: dict) -> dict[str, str]:
    return {"Emotional arcs": _arcs_takeaway(data["arcs"]), "Negative topics": _topics_takeaway(data["topics"]),
            "Escalations": _escalations_takeaway(data["escalations"]),
            "Strategies": _strategies_takeaway(data["strategies"])}


def _arcs_takeaway(arcs: dict) -> str:
    if not arcs["clusters"]:
        return arcs.get("skipped", "No arcs to cluster.")
    top = arcs["clusters"][0]
    rest = "; ".join(f"{c['share']:.0%} {c['name']}" for c in arcs["clusters"][1:4])
    reported = (f" Users' own ratings in that group: emotion intensity {top['reported_intensity_change']:+.2f} "
                "points (1-5 scale)." if "reported_intensity_change" in top else "")
    return (f"The most common arc ({top['share']:.0%} of {arcs['usable']:,} conversations) {top['name']}"
            + (f"; then {rest}." if rest else ".") + reported)


def _topics_takeaway(topics: dict) -> str:
    if not topics["topics"]:
        return topics.get("skipped", "No negative moments found.")
    top = topics["topics"][0]
    return (f"{topics['moments']:,} negative moments fall into {len(topics['topics'])} topics; the largest is "
            f"“{top['name']}” ({top['share']:.0%}, {top['conversations']} conversations).")


def _escalations_takeaway(esc: dict) -> str:
    if not esc["count"]:
        return f"No escalation found in {esc['transitions']} user-turn transitions."
    rates = [r for r in esc["after_strategy"] if r["user_turns_after"] >= 20 and not r["strategy"].startswith("(")]
    worst = f" The highest rate followed “{rates[0]['strategy']}” ({rates[0]['rate']:.0%} of " \
            f"{rates[0]['user_turns_after']:,} user turns)." if rates else ""
    return (f"{esc['count']:,} escalation{'s' * (esc['count'] != 1)} in {esc['transitions']:,} user-turn transitions "
            f"({esc['count'] / max(esc['transitions'], 1):.1%}).{worst}")


def _strategies_takeaway(strategies: dict) -> str:
    rows = [r for r in strategies["rows"] if r["low"] is not None and not r["strategy"].startswith("(")]
    if not rows:
        return "No supporter strategy labels in the input (or too few to compare)."
    best, worst = rows[0], rows[-1]
    return (f"“{best['strategy']}” was followed by the largest valence change ({best['mean_change']:+.2f}, "
            f"95% interval {best['low']:+.2f} to {best['high']:+.2f}, n={best['n']:,}); "
            f"“{worst['strategy']}” by the smallest ({worst['mean_change']:+.2f}, n={worst['n']:,}).")


# --- sections ----------------------------------------------------------------------------------
def _input_box(info: dict) -> str:
    if not info["skipped_rows"] and not info["skipped_turns"]:
        return ""
    items = "".join(f"<li>{_e(p)}</li>" for p in info["problems"][:20])
    more = len(info["problems"]) - 20
    return (f"<div class='takeaway warning'><b>Input problems:</b> {info['skipped_rows']} rows and "
            f"{info['skipped_turns']} turns were skipped (the rest was analysed)."
            f"<details><summary>Show the first problems</summary><ul>{items}</ul>"
            + (f"<p class=muted>… and {more} more in report.json</p>" if more > 0 else "")
            + "</details></div>")


def _arcs(arcs: dict, tip: str) -> str:
    out = ["<h2 id=arcs>Emotional arcs of users</h2>", f"<p class=takeaway>{_e(tip)}</p>",
           f"<p class=muted>Each conversation with at least {arcs['min_user_turns']} user turns is described by "
           "where its user valence starts and ends (mean of the first and last third of the turns), its slope, "
           "lowest point and volatility (turn-to-turn change); k-means groups similar arcs "
           f"(k={arcs.get('k', '–')}, chosen by silhouette). {arcs['too_short']} shorter conversations are left out.</p>"]
    if not arcs["clusters"]:
        return "\n".join(out)
    x = [round(i / (len(arcs["clusters"][0]["mean_curve"]) - 1) * 100) for i in range(len(arcs["clusters"][0]["mean_curve"]))]
    traces = []
    for i, c in enumerate(arcs["clusters"]):
        color = PALETTE[i % len(PALETTE)]
        upper = [m + s for m, s in zip(c["mean_curve"], c["curve_spread"])]
        lower = [m - s for m, s in zip(c["mean_curve"], c["curve_spread"])]
        traces.append({"x": x + x[::-1], "y": upper + lower[::-1], "fill": "toself", "fillcolor": _alpha(color),
                       "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False, "type": "scatter"})
        traces.append({"x": x, "y": c["mean_curve"], "mode": "lines+markers", "type": "scatter",
                       "name": f"{c['name']} ({c['count']})", "line": {"color": color, "width": 3}})
    out.append(_chart("arc-chart", traces, {
        "title": {"text": "Average arc of each group (band: ±1 standard deviation)"},
        "xaxis": {"title": {"text": "progress through the conversation (%)"}},
        "yaxis": {"title": {"text": VALENCE_AXIS}, "range": [-1, 1], "zeroline": True},
        "legend": {"orientation": "h", "y": -0.25}, "height": 470}))
    reported = any("reported_intensity_change" in c for c in arcs["clusters"])
    rows = ["<table><tr><th>Arc</th><th>Conversations</th><th>Start valence</th><th>End valence</th>"
            "<th>Lowest valence</th><th>Volatility</th>"
            + ("<th>User-reported intensity change (1–5 scale; negative = felt better)</th>"
                                     if reported else "") + "</tr>"]
    for c in arcs["clusters"]:
        centre = c["centre"]
        rows.append(f"<tr><td>{_e(c['name'])}</td><td class=num>{c['count']} ({c['share']:.0%})</td>"
                    + "".join(f"<td class=num>{centre[k]:+.2f}</td>" for k in ("start", "end", "lowest"))
                    + f"<td class=num>{centre['volatility']:.2f}</td>"
                    + (f"<td class=num>{c['reported_intensity_change']:+.2f} (n={c['reported_n']})</td>"
                       if "reported_intensity_change" in c else ("<td></td>" if reported else "")) + "</tr>")
    out.append("".join(rows) + "</table>")
    out.append("<h3>Example conversations (closest to each group's centre)</h3>")
    for c in arcs["clusters"]:
        items = "".join(
            f"<li><b>{_e(ex['id'])}</b> ({ex['user_turns']} user turns): first <span class=quote>“{_e(ex['first'])}”</span>"
            f" · lowest <span class=quote>“{_e(ex['lowest'])}”</span> · last <span class=quote>“{_e(ex['last'])}”</span></li>"
            for ex in c["examples"])
        out.append(f"<details><summary>{_e(c['name'])}</summary><ul>{items}</ul></details>")
    return "\n".join(out)


def _topics(topics: dict, tip: str) -> str:
    out = ["<h2 id=topics>What negative moments are about</h2>", f"<p class=takeaway>{_e(tip)}</p>",
           f"<p class=muted>Negative moments: user turns read at valence {topics['threshold']} or lower (at most "
           f"{topics['per_conversation']} per conversation), embedded with the sentence encoder, grouped with "
           "k-means and named by their most distinctive words (c-TF-IDF).</p>"]
    if not topics["topics"]:
        return "\n".join(out)
    names = [t["name"] for t in topics["topics"]][::-1]
    out.append(_chart("topic-chart", [{"type": "bar", "orientation": "h", "y": names,
                                       "x": [t["count"] for t in topics["topics"]][::-1],
                                       "marker": {"color": "#d05a3b"},
                                       "hovertemplate": "%{y}: %{x} moments<extra></extra>"}],
                      {"title": {"text": "Negative moments per topic"}, "xaxis": {"title": {"text": "moments"}},
                       "yaxis": {"automargin": True}, "height": 120 + 32 * len(names)}))
    if topics.get("map"):
        m = topics["map"]
        traces = []
        for i, t in enumerate(topics["topics"]):
            idx = [j for j, name in enumerate(m["topic"]) if name == t["name"]]
            traces.append({"type": "scatter", "mode": "markers", "name": t["name"],
                           "x": [m["x"][j] for j in idx], "y": [m["y"][j] for j in idx],
                           "text": [m["text"][j] for j in idx], "hovertemplate": "%{text}<extra></extra>",
                           "marker": {"size": 6, "opacity": 0.7, "color": PALETTE[i % len(PALETTE)]}})
        out.append(_chart("topic-map", traces, {
            "title": {"text": "Map of negative moments (similar meaning = close together; hover to read)"},
            "xaxis": {"showticklabels": False, "title": {"text": ""}},
            "yaxis": {"showticklabels": False, "title": {"text": ""}}, "height": 520,
            "legend": {"orientation": "h", "y": -0.1}}))
    rows = ["<table><tr><th>Topic (keywords)</th><th>Moments</th><th>Conversations</th><th>Mean valence</th>"
            "<th>Examples</th></tr>"]
    for t in topics["topics"]:
        examples = "<br>".join(f"<span class=quote>“{_e(ex['text'])}”</span> <span class=muted>({_e(ex['id'])})</span>"
                               for ex in t["examples"])
        rows.append(f"<tr><td><b>{_e(t['name'])}</b><br><span class=muted>{_e(', '.join(t['keywords']))}</span></td>"
                    f"<td class=num>{t['count']} ({t['share']:.0%})</td><td class=num>{t['conversations']}</td>"
                    f"<td class=num>{t['mean_valence']:+.2f}</td><td>{examples}</td></tr>")
    out.append("".join(rows) + "</table>")
    return "\n".join(out)


def _escalations(esc: dict, tip: str) -> str:
    rule = esc["rule"]
    out = ["<h2 id=escalations>Escalation moments and what preceded them</h2>", f"<p class=takeaway>{_e(tip)}</p>",
           f"<p class=muted>An escalation is a user turn whose valence falls at least {rule['valence_drop']} below the "
           f"user's previous turn (thanks and greetings are skipped: “User before” is the turn compared with) "
           f"to a new low for the conversation (after the user already said something negative, so opening up "
           f"about the problem does not count), whose anger or annoyance rose by at least {rule['anger_rise']} (to "
           f"{rule['anger_level']} or more), or that shows a new crisis signal (level moderate or above). "
           "“Preceded by” is the other speaker's last turn before it.</p>"]
    if esc["by_kind"]:
        out.append("<p>" + ", ".join(f"{_e(k)}: <b>{v}</b>" for k, v in esc["by_kind"].items()) + "</p>")
    rates = [r for r in esc["after_strategy"] if r["user_turns_after"] >= 5]
    if rates:
        rates = sorted(rates, key=lambda r: r["rate"])
        out.append(_chart("escalation-chart", [{
            "type": "bar", "orientation": "h", "y": [r["strategy"] for r in rates],
            "x": [round(r["rate"] * 100, 2) for r in rates], "marker": {"color": "#c0392b"},
            "customdata": [[r["escalations"], r["user_turns_after"]] for r in rates],
            "hovertemplate": "%{y}: %{x:.1f}% (%{customdata[0]} of %{customdata[1]} user turns)<extra></extra>"}],
            {"title": {"text": "Share of user turns that escalated, by the supporter's strategy just before"},
             "xaxis": {"title": {"text": "escalation rate (%)"}}, "yaxis": {"automargin": True},
             "height": 140 + 30 * len(rates)}))
    out.append(_moment_table(esc.get("crisis_examples", []), "Crisis signals (check these first)",
                             "The crisis detector's rules matched these user turns; the matched words are shown "
                             "so a person can judge them (rules also fire on harmless phrases)."))
    out.append(_moment_table(esc["examples"], "The sharpest emotional escalations",
                             "Largest valence drops and anger rises, worst first."))
    return "\n".join(out)


def _moment_table(moments: list, title: str, caption: str, limit: int = 12) -> str:
    if not moments:
        return ""
    rows = [f"<h3>{_e(title)}</h3><p class=muted>{_e(caption)}</p><table><tr><th>Conversation</th>"
            "<th>User before</th><th>Preceded by (supporter's last turn, strategy)</th><th>User turn</th>"
            "<th>What changed</th></tr>"]
    for m in moments[:limit]:
        strategies = ", ".join(m["preceded_by_strategies"])
        before = f"<span class=quote>“{_e(m['preceded_by'])}”</span><br>" if m["preceded_by"] else ""
        rows.append(f"<tr><td>{_e(m['id'])}<br><span class=muted>user turn {m['user_turn']}</span></td>"
                    f"<td class=quote>“{_e(m['user_before'])}” <span class=muted>({m['valence_before']:+.2f})</span></td>"
                    f"<td>{before}<span class=muted>{_e(strategies)}</span></td>"
                    f"<td class=quote>“{_e(m['user_text'])}” <span class=muted>({m['valence_after']:+.2f})</span></td>"
                    f"<td>{_e('; '.join(m['triggers']))}</td></tr>")
    return "".join(rows) + "</table>"


def _strategies(strategies: dict, tip: str) -> str:
    out = ["<h2 id=strategies>Which supporter strategies were followed by improvement</h2>",
           f"<p class=takeaway>{_e(tip)}</p>",
           "<p class=muted>For each block of supporter turns between two user turns: the mean valence of the next "
           f"{strategies['lookahead']} user turns minus the valence of the user turn before the block, per strategy "
           "used in the block. Intervals are 95% bootstrap intervals over conversations. “Followed by” is not "
           "“caused by”: strategies are chosen in different moments (see the valence before).</p>"]
    rows_data = [r for r in strategies["rows"] if r["low"] is not None]
    if rows_data:
        ordered = sorted(rows_data, key=lambda r: r["mean_change"])
        out.append(_chart("strategy-chart", [{
            "type": "bar", "orientation": "h", "y": [r["strategy"] for r in ordered],
            "x": [r["mean_change"] for r in ordered],
            "error_x": {"type": "data", "symmetric": False, "array": [r["high"] - r["mean_change"] for r in ordered],
                        "arrayminus": [r["mean_change"] - r["low"] for r in ordered]},
            "marker": {"color": ["#7f7f7f" if r["strategy"].startswith("(") else "#2e8b57" for r in ordered]},
            "customdata": [r["n"] for r in ordered],
            "hovertemplate": "%{y}: %{x:+.3f} (n=%{customdata})<extra></extra>"}],
            {"title": {"text": "Mean change of user valence after each strategy (bars: 95% interval)"},
             "xaxis": {"title": {"text": "valence change over the next user turns"}, "zeroline": True},
             "yaxis": {"automargin": True}, "height": 140 + 30 * len(ordered)}))
    table = ["<table><tr><th>Strategy</th><th>Mean change</th><th>95% interval</th><th>n (blocks)</th>"
             "<th>Conversations</th><th>User valence before</th></tr>"]
    for r in strategies["rows"]:
        interval = f"{r['low']:+.3f} to {r['high']:+.3f}" if r["low"] is not None else "too few"
        table.append(f"<tr><td>{_e(r['strategy'])}</td><td class=num>{r['mean_change']:+.3f}</td>"
                     f"<td class=num>{interval}</td><td class=num>{r['n']}</td><td class=num>{r['conversations']}</td>"
                     f"<td class=num>{r['valence_before']:+.2f}</td></tr>")
    out.append("".join(table) + "</table>")
    return "\n".join(out)


# --- helpers -----------------------------------------------------------------------------------
def _chart(div_id: str, traces: list, layout: dict) -> str:
    """A Plotly chart drawn by the inlined plotly.js (no CDN, works offline)."""
    layout = {"margin": {"l": 60, "r": 20, "t": 50, "b": 50}, **layout}
    spec = json.dumps({"data": traces, "layout": layout, "config": {"displaylogo": False, "responsive": True}})
    spec = spec.replace("</", "<\\/")  # text from conversations must not close the script element
    return (f"<div class=chart id={div_id}></div><script>(function(){{var s={spec};"
            f"Plotly.newPlot('{div_id}',s.data,s.layout,s.config);}})();</script>")


def _alpha(hex_color: str, alpha: float = 0.15) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _e(value) -> str:
    return html.escape(str(value))
