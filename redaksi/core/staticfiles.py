"""The production storage for static files: hashed names, compressed copies, and tolerant source maps.

Vendored scripts and stylesheets often end with a `sourceMappingURL` comment naming a `.map` file that
the vendor package does not ship. A source map serves only the browser's developer tools, so a missing
one must not fail `collectstatic`: the comment is left as it is (the browser then finds no map, which is
harmless). Every other missing reference (an image in a stylesheet, an imported module) still fails.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ProductionStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if matchobj.groupdict().get("url", "").split("?")[0].endswith(".map"):
                    return matchobj.groupdict()["matched"]
                raise

        return converter
