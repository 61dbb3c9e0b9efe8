"""
``ipsrules serve`` and ``ipsrules links``: the feeds over HTTP at secret links, and the links.

``links add`` prints a new link once (only its digest is kept), ``links revoke`` ends one,
``links list`` shows what each opens; ``serve`` answers calendar clients until stopped.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ipsrules._locale import LOCALES
from ipsrules.exceptions import LinkError, LoadError, ServeError
from ipsrules.server import Links, feed_app, read_links, serve

from ._common import InputError, add_secret_argument, feed_secret, read_programme

_DEFAULT_PORT = 8080
_ID_WIDTH = 10


def add_command(commands: Any) -> None:
    """Add ``serve`` and ``links`` to the subcommands of ``ipsrules``."""
    server = commands.add_parser(
        "serve",
        help="serve each specialist's feed over HTTP at a secret link",
        description=(
            "Serve the follow-up feeds of a programme over HTTP, each at the secret link that "
            "'ipsrules links add' made for it, with ETag and Last-Modified for conditional "
            "requests. The files are read again when they change. Needs the 'serve' extra "
            "(waitress). Put it behind an HTTPS reverse proxy that does not log paths."
        ),
    )
    server.add_argument(
        "file", metavar="FILE", help="the programme file (JSON) or folder of CSV files"
    )
    server.add_argument("--links", metavar="LINKS.json", required=True, help="the links file")
    server.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )
    server.add_argument(
        "--port",
        type=_port,
        default=_DEFAULT_PORT,
        help=f"the port to listen on (default: {_DEFAULT_PORT})",
    )
    add_secret_argument(server)
    server.add_argument(
        "--locale",
        choices=LOCALES,
        default="en",
        help="the language of the feeds' texts: en (English, the default) or sv (Swedish)",
    )
    server.add_argument(
        "--state",
        metavar="STATE.json",
        help=(
            "a file where the server keeps each event's SEQUENCE, so that it never goes back "
            "when records are corrected (made if absent; give the server its own)"
        ),
    )
    server.set_defaults(run=_serve)

    links = commands.add_parser(
        "links",
        help="make, revoke and list the secret links of 'ipsrules serve'",
        description=(
            "Manage the links file of 'ipsrules serve'. It keeps a digest of each link, never "
            "the link: 'add' prints the link once, and a lost link is revoked and made anew."
        ),
    )
    actions = links.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="make a link to a specialist's feed or the team's")
    _links_argument(add)
    target = add.add_mutually_exclusive_group(required=True)
    target.add_argument("--specialist", metavar="ID", help="the feed of this specialist")
    target.add_argument("--team", action="store_true", help="the whole programme's feed")
    add.add_argument(
        "--base-url",
        metavar="URL",
        default="",
        help="the server's public address, printed before the link (such as https://ips.example)",
    )
    add.add_argument(
        "--programme",
        metavar="FILE",
        help="check that the specialist is in this programme first",
    )
    add.set_defaults(run=_add)
    revoke = actions.add_parser("revoke", help="end a link at once")
    _links_argument(revoke)
    revoke.add_argument("id", metavar="ID", help="the link's id, as 'links list' shows it")
    revoke.set_defaults(run=_revoke)
    show = actions.add_parser("list", help="list the links: id, feed and when it was made")
    _links_argument(show)
    show.set_defaults(run=_list)


def _links_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument("--links", metavar="LINKS.json", required=True, help="the links file")


def _port(value: str) -> int:
    if value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    msg = f"expected a port from 1 to 65535, got {value!r}"
    raise argparse.ArgumentTypeError(msg)


def _serve(arguments: argparse.Namespace) -> str:
    try:
        read_links(arguments.links)
        read_programme(arguments.file)
        app = feed_app(
            arguments.file,
            arguments.links,
            state=arguments.state,
            uid_secret=feed_secret(arguments.secret_file),
            locale=arguments.locale,
        )
        serve(app, host=arguments.host, port=arguments.port, ready=_announce)
    except (LinkError, ServeError, LoadError) as error:
        raise InputError(str(error)) from None
    # waitress returns when Ctrl-C stops it, the only way it ends: say so as every command.
    raise KeyboardInterrupt


def _announce(address: str) -> None:
    print(f"ipsrules: serving feeds on {address} (Ctrl-C stops)", file=sys.stderr, flush=True)


def _add(arguments: argparse.Namespace) -> str:
    try:
        links = read_links(arguments.links, missing_ok=True)
        if arguments.programme is not None and arguments.specialist is not None:
            programme = read_programme(arguments.programme)
            if arguments.specialist not in {s.id for s in programme.specialists}:
                msg = f"the programme has no specialist {arguments.specialist!r}"
                raise InputError(msg)
        if arguments.team:
            links, link, token = links.add("team")
        else:
            links, link, token = links.add("specialist", arguments.specialist)
    except LinkError as error:
        raise InputError(str(error)) from None
    _save(links, arguments.links)
    print(
        f"ipsrules: link {link.id} opens the feed of {link.describe()}; it is shown only "
        "now: give it to its subscriber and keep no copy",
        file=sys.stderr,
    )
    return f"{arguments.base_url.rstrip('/')}/feeds/{token}.ics\n"


def _save(links: Links, path: str) -> None:
    """Write the links file, atomically; a file that cannot be written is an input error."""
    try:
        links.save(path)
    except OSError as error:
        msg = f"{path}: cannot write the links file ({error.strerror or error})"
        raise InputError(msg) from None


def _revoke(arguments: argparse.Namespace) -> str:
    try:
        links = read_links(arguments.links).revoke(arguments.id)
    except LinkError as error:
        raise InputError(str(error)) from None
    _save(links, arguments.links)
    print(f"ipsrules: link {arguments.id} is revoked", file=sys.stderr)
    return ""


def _list(arguments: argparse.Namespace) -> str:
    try:
        links = read_links(arguments.links)
    except LinkError as error:
        raise InputError(str(error)) from None
    rows = [
        f"{link.id:<{_ID_WIDTH}}  {link.created_at:%Y-%m-%d %H:%M}Z  {link.describe()}"
        for link in links.links
    ]
    return "".join(row + "\n" for row in rows)
