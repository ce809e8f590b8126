"""harvest/fetch.py against a real HTTP server on 127.0.0.1, hostile answers included."""

from __future__ import annotations

import gzip
import socket
import time

import pytest
import requests

from ckanext.digicanvis.harvest import fetch

STRICT = pytest.mark.ckan_config("ckanext.digicanvis.harvest.allow_private_addresses", "false")


def test_fetch_returns_body_type_status_and_final_url(source_server):
    source_server.serve("/cases.csv", "name,description\nA,B\n", "text/csv; charset=utf-8")
    start = source_server.redirect("/old.csv", "/cases.csv", status=301)

    got = fetch.fetch(start)

    assert got.url == source_server.url("/cases.csv")
    assert got.status == 200
    assert got.content_type == "text/csv; charset=utf-8"
    assert got.body == b"name,description\nA,B\n"


def test_open_stream_reads_as_it_goes(source_server):
    url = source_server.serve("/big.csv", b"x" * 300_000)

    with fetch.open_stream(url) as stream:
        first = stream.read(10)
        rest = stream.read()

    assert first == b"x" * 10
    assert len(rest) == 300_000 - 10


@pytest.mark.parametrize("status", [404, 500])
def test_error_status_is_a_fetch_error_naming_it(source_server, status):
    url = source_server.serve("/gone", "nope", status=status)

    with pytest.raises(fetch.FetchError, match=f"HTTP {status}"):
        fetch.fetch(url)


def test_redirect_to_cloud_metadata_is_refused_before_connecting(source_server):
    url = source_server.redirect("/catalogue", "http://169.254.169.254/latest/meta-data/")

    with pytest.raises(fetch.FetchError) as caught:
        fetch.fetch(url)

    message = str(caught.value)
    assert "169.254.169.254" in message and "cloud metadata" in message and "redirect" in message
    assert source_server.hits == {"/catalogue": 1}


def test_session_follows_redirects_only_to_allowed_addresses(source_server):
    """The session alone (what the RDF harvester gets) re-checks every redirect target."""
    source_server.serve("/ok", "fine")
    source_server.redirect("/hop", "/ok")
    bad = source_server.redirect("/bad", "http://169.254.169.254/latest/meta-data/")

    with fetch.session() as sess:
        assert sess.get(source_server.url("/hop")).text == "fine"
        with pytest.raises(requests.ConnectionError, match="cloud metadata"):
            sess.get(bad)


def test_endless_body_is_cut_at_the_size_cap(source_server):
    url = source_server.endless("/endless.csv")

    started = time.monotonic()
    with pytest.raises(fetch.FetchError, match="more than 1000000 bytes"):
        fetch.fetch(url, max_bytes=1_000_000)
    assert time.monotonic() - started < 10


@pytest.mark.ckan_config("ckanext.digicanvis.harvest.max_bytes", "2000000")
def test_size_cap_counts_decoded_bytes(source_server):
    """A gzip bomb: 100 kB on the wire, 50 MB once decoded."""
    bomb = gzip.compress(b"\0" * 50_000_000)
    url = source_server.serve("/bomb.csv", bomb, "text/csv", headers={"Content-Encoding": "gzip"})

    with pytest.raises(fetch.FetchError, match="more than 2000000 bytes"):
        fetch.fetch(url)


def test_announced_length_over_the_cap_is_refused_without_reading(source_server):
    url = source_server.serve("/big", b"y" * 5000)

    with pytest.raises(fetch.FetchError, match="announces 5000 bytes"):
        fetch.fetch(url, max_bytes=1000)


@pytest.mark.ckan_config("ckanext.digicanvis.harvest.total_timeout", "3")
@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_one_byte_a_second_is_cut_at_the_deadline(source_server, headers_too):
    url = source_server.trickle("/slow.csv", headers_too=headers_too)

    started = time.monotonic()
    with pytest.raises(fetch.FetchError, match="took longer than 3 seconds"):
        fetch.fetch(url)
    assert time.monotonic() - started < 8


@pytest.mark.ckan_config("ckanext.digicanvis.harvest.read_timeout", "1")
def test_a_silent_source_hits_the_read_timeout(source_server):
    def silent(request):
        time.sleep(4)

    url = source_server.route("/silent", silent)

    with pytest.raises(fetch.FetchError, match="sent nothing for 1 seconds"):
        fetch.fetch(url)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "/etc/passwd", "ftp://example.org/cases.csv", "gopher://127.0.0.1/", "http:///nohost"],
)
def test_only_http_and_https_urls(url):
    with pytest.raises(fetch.FetchError):
        fetch.check_url(url)
    with pytest.raises(fetch.FetchError):
        fetch.fetch(url)


@STRICT
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:5000/api/3/action/package_search", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://172.16.0.5/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://169.254.10.10/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://100.64.0.1/", "CG-NAT"),
        ("http://[fd12:3456::1]/", "unique-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://[::]/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 written as one number
    ],
)
def test_non_public_destinations_are_refused_by_default(url, reason):
    with pytest.raises(fetch.FetchError, match=reason):
        fetch.check_url(url)


@STRICT
def test_public_addresses_pass_the_check():
    fetch.check_url("https://93.184.215.14/catalogue.csv")  # checked, not contacted
    fetch.check_url("http://[2606:4700::1]/")


@STRICT
def test_the_session_refuses_loopback_at_connect_time(source_server):
    url = source_server.serve("/cases.csv", "secret")

    with fetch.session() as sess, pytest.raises(requests.ConnectionError):
        sess.get(url)
    with pytest.raises(fetch.FetchError, match="loopback"):
        fetch.fetch(url)
    assert source_server.hits == {}


@STRICT
def test_dns_answer_changed_after_the_check_is_refused_at_connect_time(source_server, monkeypatch):
    """DNS rebinding: the name is public when checked, loopback when connecting. The
    session connects to the address it checked itself, so the server is never reached."""
    source_server.serve("/cases.csv", "secret")
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.215.14", "127.0.0.1", "127.0.0.1", "127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        if host == "source.example":
            return real_getaddrinfo(next(answers), port, *args, **kwargs)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)

    with pytest.raises(fetch.FetchError, match="127.0.0.1"):
        fetch.fetch(f"http://source.example:{source_server.httpd.server_port}/cases.csv")
    assert source_server.hits == {}


def test_cloud_metadata_refused_even_when_private_addresses_are_allowed():
    with pytest.raises(fetch.FetchError, match="cloud metadata"):
        fetch.check_url("http://169.254.169.254/latest/meta-data/")
    fetch.check_url("http://127.0.0.1/")  # allowed in test.ini


def test_too_many_redirects(source_server):
    for hop in range(8):
        source_server.redirect(f"/r{hop}", f"/r{hop + 1}")

    with pytest.raises(fetch.FetchError, match="redirects more than 5 times"):
        fetch.fetch(source_server.url("/r0"))


def test_error_messages_are_translated(source_server, app):
    url = source_server.serve("/gone", "nope", status=404)
    with pytest.raises(fetch.FetchError) as caught:
        fetch.fetch(url)

    with app.flask_app.test_request_context("/ca/"):
        from ckan.lib.i18n import set_lang

        set_lang("ca")
        assert caught.value.translated() == f"{url} ha respost HTTP 404 Not Found."
