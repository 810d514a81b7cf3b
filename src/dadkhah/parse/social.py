"""Social-media posts embedded in documents.

Two forms: HTML embeds (``blockquote.twitter-tweet``, ``blockquote.instagram-media``,
``blockquote.tiktok-embed``, ``div.fb-post``), whose markup names the platform, handle and
post URL; and their plain-text form as it survives copy-paste and main-text extraction: the
post's text, then a signature line "— Display Name (@handle) Month D, YYYY", with short
links (t.co) and picture links (pic.twitter.com) inside. Posts found in markup are matched to
their plain-text form in the stored text, so every post has an exact span when it appears.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dadkhah.parse.dates import parse_date
from dadkhah.parse.model import Post

# at the start of a line (any dash), or glued to the end of the post's last line (a long dash),
# as copy-paste leaves it: "… https://t.co/x— Name (@handle) July 19, 2020"
SIGNATURE = re.compile(
    r"(?:^[ \t]*[—–―-]{1,2}|[—–―])[ \t]*(?P<name>[^\n()—–―]{1,80}?)[ \t]*"
    r"\(@(?P<handle>[A-Za-z0-9_.]{1,30})\)[ \t]*(?P<date>[^\n]{0,40}?)[ \t]*$",
    re.MULTILINE,
)
MAX_POST_CHARS = 320  # 280 characters and the links a client expands
URL = re.compile(r"(?:https?://|pic\.twitter\.com/)[^\s<>\"')\]]+")
_PLATFORM_BY_HOST = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "t.co": "twitter",
    "pic.twitter.com": "twitter",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "facebook.com": "facebook",
    "fb.watch": "facebook",
}


def platform_of(urls: list[str]) -> str | None:
    for url in urls:
        host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").lower()
        host = host.removeprefix("www.").removeprefix("mobile.")
        if host in _PLATFORM_BY_HOST:
            return _PLATFORM_BY_HOST[host]
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def posts_in_text(text: str) -> list[Post]:
    """Posts in their plain-text form: the line above each signature line is the post."""
    posts = []
    for sig in SIGNATURE.finditer(text):
        posted = parse_date(sig.group("date")) if sig.group("date").strip() else None
        line_start = text.rfind("\n", 0, sig.start()) + 1
        if text[line_start : sig.start()].strip() and posted is None:
            continue  # "… notably Ali Karimi (@ali_k) yesterday." is prose, not a signature
        end = sig.start()
        cursor = text.rfind("\n", 0, end) + 1  # start of the signature's line
        if not text[cursor:end].strip():  # the signature has a line of its own: post is above
            if cursor == 0:
                continue
            cursor = text.rfind("\n", 0, cursor - 1) + 1
            end = text.rfind("\n", 0, sig.start())
        else:
            # a signature glued to the post's last line: earlier lines belong to the post while
            # it stays post-sized, no blank line parts them and no other post ends there
            while cursor > 0:
                prev_start = text.rfind("\n", 0, cursor - 1) + 1
                line = text[prev_start : cursor - 1]
                if not line.strip() or end - prev_start > MAX_POST_CHARS or SIGNATURE.search(line):
                    break
                cursor = prev_start
        body_start, body = cursor, text[cursor:end]
        if not body.strip():
            continue
        urls = URL.findall(body)
        posts.append(
            Post(
                platform=platform_of(urls) or "twitter",  # the signature form is Twitter's
                handle=sig.group("handle"),
                display_name=sig.group("name").strip(),
                posted=posted,
                text=body.strip(),
                urls=urls,
                start=body_start + (len(body) - len(body.lstrip())),
                end=sig.end(),
            )
        )
    return posts


def posts_in_html(root) -> list[Post]:
    """Posts embedded as platform markup in an lxml HTML tree (no span yet)."""
    posts = []
    for node in root.xpath(
        "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')"
        " or contains(@class, 'instagram-media') or contains(@class, 'tiktok-embed')]"
        " | //div[contains(concat(' ', normalize-space(@class), ' '), ' fb-post ')]"
    ):
        cls = node.get("class", "")
        links = [a.get("href") for a in node.iter("a") if a.get("href")]
        whole = _squash(node.text_content())
        if "twitter-tweet" in cls:
            paragraphs = node.findall(".//p")
            body = _squash(paragraphs[0].text_content()) if paragraphs else whole
            tail = whole[len(body) :] if whole.startswith(body) else whole
            sig = re.search(
                r"[—–-]\s*(?P<name>[^()]{1,80}?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,30})\)\s*(?P<date>.*)$",
                tail,
            )
            status = next((u for u in links if "/status/" in u), None)
            posts.append(
                Post(
                    platform="twitter",
                    handle=sig.group("handle") if sig else None,
                    display_name=sig.group("name").strip() if sig else None,
                    posted=parse_date(sig.group("date")) if sig and sig.group("date") else None,
                    text=body,
                    urls=URL.findall(body) or [u for u in links if u != status],
                    post_url=status.split("?")[0] if status else None,
                )
            )
        else:
            platform = (
                "instagram" if "instagram" in cls else "tiktok" if "tiktok" in cls else "facebook"
            )
            post_url = (
                node.get("data-instgrm-permalink") or node.get("cite") or node.get("data-href")
            )
            handle = None
            if post_url:
                parts = [p for p in urlsplit(post_url).path.split("/") if p]
                if parts and parts[0].startswith("@"):
                    handle = parts[0][1:]
            posts.append(Post(platform, handle, None, None, whole, links, post_url))
    return posts


def merge(
    text: str, found_in_text: list[Post], found_in_html: list[Post]
) -> tuple[list[Post], list[str]]:
    """Give markup posts the span of their plain-text twin; keep the rest; report misses."""
    warnings = []
    merged = list(found_in_text)
    for post in found_in_html:
        # the same post in the text: same opening words, and never another account's
        twin = next(
            (
                p
                for p in merged
                if _squash(p.text)[:60] == post.text[:60]
                and (p.handle is None or post.handle is None or p.handle == post.handle)
            ),
            None,
        )
        if twin:
            twin.platform = post.platform
            twin.post_url = post.post_url or twin.post_url
            twin.handle = twin.handle or post.handle
            continue
        probe = post.text[:60]
        at = text.find(probe) if probe else -1
        if at >= 0:
            post.start, post.end = at, min(len(text), at + len(post.text))
        else:
            warnings.append(f"an embedded {post.platform} post is not in the main text: {probe!r}")
        merged.append(post)
    return sorted(merged, key=lambda p: (p.start is None, p.start or 0)), warnings
