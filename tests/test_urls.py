"""An article is its numeric id, whatever host name, slug, query or fragment a link used."""

import pytest
from scrapy import Request

from crawler.fingerprint import ArticleIdFingerprinter
from crawler.urls import article_id, article_section, canonical_url, is_portal_host

# Real URLs from public sources (see crawler/site.py).
REAL = [
    ("https://www.thanhuytphcm.vn/tin-tuc/-hi-hoa-van-hoa-ung-xu-tren-mang-xa-hoi-1491879789",
     1491879789),
    ("https://thanhuytphcm.vn/tin-tuc/nha-van-nguyen-nhat-anh-ra-mat-tac-pham-moi-1491871594",
     1491871594),
    ("https://www.hcmcpv.org.vn/tu-lieu/van-kien-dai-hoi-dai-bieu-dang-bo-tphcm-lan-thu-iii/"
     "loi-khai-mac-dai-hoi-cua-dong-chi-nguyen-van-linh-1077951094", 1077951094),
    ("https://www.thanhuytphcm.vn/tin-tuc/doi-moitu-duy-1454411071", 1454411071),
]


@pytest.mark.parametrize("url,expected", REAL)
def test_article_id_of_real_urls(url, expected):
    assert article_id(url) == expected


@pytest.mark.parametrize("url", [
    "https://www.thanhuytphcm.vn/",
    "https://www.thanhuytphcm.vn/tin-tuc",
    "https://www.thanhuytphcm.vn/tin-tuc/xay-dung-dang?page=2",
    "https://www.thanhuytphcm.vn/tin-tuc/a-12345678",  # 8 digits: not an article id
    "https://www.thanhuytphcm.vn/tin-tuc/a-12345678901",  # 11 digits
    "https://images.hcmcpv.org.vn/res/news/2020/11/16-11-2020-abc-1A2B3C4.jpg",
])
def test_not_articles(url):
    assert article_id(url) is None


def test_tracking_query_and_fragment_do_not_change_the_article():
    url = "https://thanhuytphcm.vn/tin-tuc/nha-van-1491871594?fbclid=IwAR0abc#binh-luan"
    assert article_id(url) == 1491871594
    assert canonical_url(url) == "https://thanhuytphcm.vn/tin-tuc/nha-van-1491871594"


def test_listing_queries_are_kept_but_tracking_is_dropped():
    assert (canonical_url("https://thanhuytphcm.vn/tin-tuc?page=2&utm_source=fb#x")
            == "https://thanhuytphcm.vn/tin-tuc?page=2")


def test_doubled_slashes_of_legacy_links_name_the_same_article():
    assert article_id("https://www.hcmcpv.org.vn//tin-tuc//abc-1491871594") == 1491871594


def test_sections():
    assert article_section(REAL[0][0]) == "tin-tuc"
    assert article_section(REAL[2][0]) == "tu-lieu/van-kien-dai-hoi-dai-bieu-dang-bo-tphcm-lan-thu-iii"


@pytest.mark.parametrize("host,expected", [
    ("www.thanhuytphcm.vn", True), ("hcmcpv.org.vn", True), ("stxdd.thanhuytphcm.vn", True),
    ("icpv.thanhuytphcm.vn", False),  # a task-management app, not news
    ("images.hcmcpv.org.vn", False), ("example.com", False), ("WWW.HCMCPV.ORG.VN:443", True),
])
def test_portal_hosts(host, expected):
    assert is_portal_host(host) is expected


def test_one_fingerprint_for_every_url_of_an_article():
    fp = ArticleIdFingerprinter().fingerprint
    urls = [
        "https://www.thanhuytphcm.vn/tin-tuc/nha-van-1491871594",
        "https://www.hcmcpv.org.vn/tin-tuc/another-slug-1491871594?fbclid=x",
        "http://127.0.0.1:8000/tin-tuc/nha-van-1491871594#top",
    ]
    assert len({fp(Request(u)) for u in urls}) == 1
    assert fp(Request(urls[0])) != fp(Request("https://www.thanhuytphcm.vn/tin-tuc/x-1491871595"))
