"""Every URL pattern the project resolves, as a concrete example path."""

import re
from re import _parser as sre_parse  # the standard library's regex parser

from django.urls import URLPattern, URLResolver, get_resolver

_CATEGORY_SAMPLES = {
    sre_parse.CATEGORY_DIGIT: "1",
    sre_parse.CATEGORY_WORD: "a",
    sre_parse.CATEGORY_NOT_SPACE: "a",
    sre_parse.CATEGORY_NOT_DIGIT: "a",
    sre_parse.CATEGORY_NOT_WORD: "-",
    sre_parse.CATEGORY_SPACE: " ",
}


def _sample(parsed) -> str:
    """The shortest non-trivial string matching a parsed regex (one char for each `+`/`*`)."""
    out = []
    for op, arg in parsed:
        if op is sre_parse.LITERAL:
            out.append(chr(arg))
        elif op is sre_parse.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is sre_parse.ANY:
            out.append("a")
        elif op is sre_parse.IN:
            out.append(_sample_class(arg))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            low, _high, sub = arg
            out.append(_sample(sub) * max(low, 1))
        elif op is sre_parse.SUBPATTERN:
            out.append(_sample(arg[-1]))
        elif op is sre_parse.BRANCH:
            out.append(_sample(arg[1][0]))
        elif op is sre_parse.CATEGORY:
            out.append(_CATEGORY_SAMPLES[arg])
        elif op in (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            continue
        else:
            raise ValueError(f"cannot build a sample for regex op {op}")
    return "".join(out)


def _sample_class(items) -> str:
    op, arg = items[0]
    if op is sre_parse.NEGATE:
        return "a"
    if op is sre_parse.LITERAL:
        return chr(arg)
    if op is sre_parse.RANGE:
        return chr(arg[0])
    if op is sre_parse.CATEGORY:
        return _CATEGORY_SAMPLES[arg]
    raise ValueError(f"cannot build a sample for class {items}")


def _walk(resolver: URLResolver, prefix: str, namespace: str):
    for entry in resolver.url_patterns:
        regex = entry.pattern.regex.pattern
        part = _sample(sre_parse.parse(regex))
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + part, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<{regex}>"
            yield name, "/" + prefix + part


def all_url_examples() -> list[tuple[str, str]]:
    """(view name, example path) for every pattern, admin included."""
    return list(_walk(get_resolver(), "", ""))


def is_login_redirect(response, login_path: str) -> bool:
    return response.status_code == 302 and re.match(re.escape(login_path), response["Location"])
