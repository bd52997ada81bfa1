"""Templates are parsed once per process: a list page includes partials for every row."""

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_templates_come_from_the_cached_loader():
    (loader,) = engines["django"].engine.template_loaders
    assert isinstance(loader, CachedLoader)
    first = loader.get_template("workbench/partials/pagination.html")
    assert loader.get_template("workbench/partials/pagination.html") is first
