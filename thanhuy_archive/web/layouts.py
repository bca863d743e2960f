"""``/-/templates`` (and ``/-/templates.json``): the template report of
``thanhuy_archive.reports`` as a page of the archive's Datasette, for the maintainer who looks
at a first crawl of the live portal: its article pages grouped by layout, the most likely
broken template first, each with its number of pages, an example, the share of each field
filled, the doubt flags and the date and byline rules that fired. A group's layout opens the
articles of that layout in the articles table."""

from datasette import Response

from thanhuy_archive.reports import template_groups
from thanhuy_archive.web.archive import archive_database


async def templates_page(datasette, request):
    db = archive_database(datasette)
    groups = await db.execute_fn(template_groups)
    if request.url_vars.get("format") == "json":
        return Response.json([group.as_json() for group in groups])
    context = {"groups": groups, "database": db.name,
               "articles": sum(group.pages for group in groups)}
    return Response.html(await datasette.render_template("templates_report.html", context,
                                                         request=request))
