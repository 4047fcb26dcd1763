#!/usr/bin/env python3
"""Writes an RSS feed of the labelled evaluation set (300 titles and abstracts), dated within the last day."""
import json, sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

source, target = sys.argv[1], sys.argv[2]
items = json.load(open(source))
now = datetime.now(timezone.utc)
with open(target, "w") as out:
    out.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench research</title>'
              '<link>https://bench.example.org/</link>')
    for i, item in enumerate(items):
        out.write(f'<item><title>{escape(item["title"])}</title><link>https://bench.example.org/p/{item["id"]}</link>'
                  f'<pubDate>{format_datetime(now - timedelta(minutes=i + 1))}</pubDate>'
                  f'<description>{escape(item["summary"])}</description></item>')
    out.write('</channel></rss>')
